#!/usr/bin/env node
'use strict';
/*
 * put-logs.js — puts logs into a LogHub (the FlumeNet emulator or the real service) with the independent npm
 * client @alicloud/log (postLogStoreLogs: uncompressed protobuf, POST /logstores/{logstore}/shards/lb, hmac-sha1).
 *
 *   node put-logs.js --endpoint http://127.0.0.1:P --project p --logstore s --id ID --secret S
 *                    [--count 300] [--start 1700000000] [--spread-hours 3] [--batch 50]
 *                    [--first-seq 0] [--run RUN] [--topic T] [--source S] [--tag k=v]
 *   node put-logs.js ... --file logs.json [--batch 50]
 *
 * Generated mode (default): log i (i = 0..count-1) gets Log.Time = start + floor(i * spread-hours * 3600 / count)
 * (so the times span the hours evenly; --start defaults to now - spread), and contents, in this order:
 *   seq   = first-seq + i  (decimal string, unique)
 *   run   = --run value (default "put-logs")
 *   msg   = "event <seq>"
 *   level = INFO / WARN / ERROR (seq % 3)
 * File mode: a JSON array of { "time": <unix s>, "contents": { "k": "v", ... } } (contents are kept in order).
 * Logs go out in batches of --batch (default 50) logs, one LogGroup (one request) per batch, sequentially.
 * The endpoint's host may be an IP or a name; every name is resolved to 127.0.0.1 by a custom http.Agent,
 * because the client connects to "{project}.{endpoint}".
 *
 * Prints one JSON line: {"ok":true,"put":N,"requests":B,"firstSeq":..,"lastSeq":..,"minTime":..,"maxTime":..}
 * or {"ok":false,"error":"...","code":"<LogHub errorCode>"} and exits 1.
 */

const fs = require('fs');
const ALSClient = require('@alicloud/log');
const { parseArgs, required, loopbackAgent, finish, fail } = require('./common');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const endpoint = required(args, 'endpoint');
  const project = required(args, 'project');
  const logstore = required(args, 'logstore');
  const client = new ALSClient({
    endpoint,
    accessKeyId: required(args, 'id'),
    accessKeySecret: required(args, 'secret'),
  });
  const options = { agent: loopbackAgent(), timeout: 15000 };
  const batch = Number(args.batch || 50);

  const logs = args.file ? fromFile(args.file) : generate(args);
  const tags = args.tag ? [Object.fromEntries([args.tag.split('=')])] : undefined;
  let requests = 0;
  for (let i = 0; i < logs.length; i += batch) {
    await client.postLogStoreLogs(project, logstore, {
      logs: logs.slice(i, i + batch),
      topic: args.topic,
      source: args.source,
      tags,
    }, options);
    requests++;
  }

  const times = logs.map(l => l.timestamp);
  const seqs = logs.map(l => Number(l.content.seq)).filter(n => !Number.isNaN(n));
  finish({
    ok: true,
    put: logs.length,
    requests,
    firstSeq: seqs.length ? Math.min(...seqs) : null,
    lastSeq: seqs.length ? Math.max(...seqs) : null,
    minTime: times.length ? Math.min(...times) : null,
    maxTime: times.length ? Math.max(...times) : null,
  });
  options.agent.destroy();
}

function generate(args) {
  const count = Number(args.count || 300);
  const spread = Number(args['spread-hours'] || 0) * 3600;
  const start = args.start !== undefined ? Number(args.start) : Math.floor(Date.now() / 1000) - spread;
  const firstSeq = Number(args['first-seq'] || 0);
  const run = args.run || 'put-logs';
  const levels = ['INFO', 'WARN', 'ERROR'];
  const logs = [];
  for (let i = 0; i < count; i++) {
    const seq = firstSeq + i;
    logs.push({
      timestamp: start + Math.floor(i * spread / count),
      content: { seq: String(seq), run, msg: `event ${seq}`, level: levels[seq % 3] },
    });
  }
  return logs;
}

function fromFile(file) {
  const items = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(items)) {
    throw new Error(`${file} must hold a JSON array of {time, contents}`);
  }
  return items.map(item => ({ timestamp: Number(item.time), content: item.contents || {} }));
}

main().catch(fail);
