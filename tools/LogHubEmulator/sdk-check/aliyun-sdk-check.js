#!/usr/bin/env node
'use strict';
/*
 * aliyun-sdk-check.js — exercises a LogHub (the FlumeNet emulator) with the independent npm client aliyun-sdk
 * (ALY.SLS, apiVersion 2015-06-01, hmac-sha1):
 *   1. putLogs: one LogGroup of --put logs (deflate-compressed by the SDK), contents seq=sdk-<i>, src=aliyun-sdk
 *   2. listShards
 *   3. getCursor per shard with a numeric FromTime (--from, unix seconds, default 0 = everything)
 *   4. batchGetLogs per shard until the cursor stops moving, decoding the LogGroupList protobuf
 *
 *   node aliyun-sdk-check.js --endpoint http://127.0.0.1:P --project p --logstore s --id ID --secret S
 *                            [--put 3] [--from 0] [--count 100]
 *
 * The endpoint must be an IP endpoint: aliyun-sdk then connects to it and sends "Host: 127.0.0.1:P", so the
 * emulator serves its default project (--project names it for the SDK's parameters only).
 * Prints one JSON line: {"ok":true,"shards":[...],"cursors":{shard:cursor},"pulls":N,"logs":[{shard,time,topic,source,contents}]}
 * or {"ok":false,"error":..,"code":<http status>,"errorCode":..}.
 */

const ALY = require('aliyun-sdk');
const { parseArgs, required, finish } = require('./common');

function call(sls, method, params) {
  return new Promise((resolve, reject) => {
    sls[method](params, (error, data) => (error ? reject(error) : resolve(data)));
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sls = new ALY.SLS({
    accessKeyId: required(args, 'id'),
    secretAccessKey: required(args, 'secret'),
    endpoint: required(args, 'endpoint'),
    apiVersion: '2015-06-01',
    maxRetries: 0,
  });
  const base = { projectName: required(args, 'project'), logStoreName: required(args, 'logstore') };
  const putCount = Number(args.put ?? 3);
  const now = Math.floor(Date.now() / 1000);

  if (putCount > 0) {
    const logs = [];
    for (let i = 0; i < putCount; i++) {
      logs.push({ time: now, contents: [{ key: 'seq', value: `sdk-${i}` }, { key: 'src', value: 'aliyun-sdk' }] });
    }
    await call(sls, 'putLogs', { ...base, logGroup: { logs, topic: 'sdk-topic', source: '127.0.0.1' } });
  }

  const listed = await call(sls, 'listShards', base);
  // aliyun-sdk merges the JSON array into an object keyed "0", "1", ... next to request_id/headers.
  const shards = Object.keys(listed.body || listed)
    .filter(key => /^\d+$/.test(key))
    .map(key => (listed.body || listed)[key]);

  const cursors = {};
  const pulled = [];
  let pulls = 0;
  for (const shard of shards) {
    const id = shard.shardID;
    const start = await call(sls, 'getCursor', { ...base, ShardId: id, FromTime: Number(args.from ?? 0) });
    let cursor = start.body.cursor;
    cursors[id] = cursor;
    for (;;) {
      const batch = await call(sls, 'batchGetLogs', { ...base, ShardId: id, cursor, count: Number(args.count ?? 100) });
      pulls++;
      const next = batch.headers['x-log-cursor'];
      const groups = (batch.body && batch.body.logGroupList) || [];
      for (const group of groups) {
        for (const log of group.logs || []) {
          const contents = {};
          for (const content of log.contents || []) {
            contents[content.key] = content.value;
          }
          pulled.push({ shard: id, time: log.time, topic: group.topic, source: group.source, contents });
        }
      }
      if (Number(batch.headers['x-log-count']) !== groups.length) {
        throw new Error(`x-log-count ${batch.headers['x-log-count']} but ${groups.length} groups decoded`);
      }
      if (!next || next === cursor) {
        break;
      }
      cursor = next;
    }
  }

  finish({ ok: true, shards, cursors, pulls, logs: pulled });
}

main().catch(error => finish({
  ok: false,
  error: String(error && error.message || error),
  code: error && error.code || null,
  errorCode: error && error.errorCode || null,
}, 1));
