// Sends batches to a Flume thrift source with the Apache Thrift npm client and code generated from flume.thrift.
// Usage: node send.js PORT compact|binary BATCHES BATCH_SIZE
// Prints one JSON line: {"statuses":[...], "append": status}. Event i has body "thrift-<i>" and headers {n: i, u: "é☃"}.
"use strict";
const thrift = require("thrift");
const ThriftSourceProtocol = require("./gen-nodejs/ThriftSourceProtocol");
const types = require("./gen-nodejs/flume_types");

const [port, protocolName, batches, batchSize] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
const protocol = protocolName === "binary" ? thrift.TBinaryProtocol : thrift.TCompactProtocol;
const connection = thrift.createConnection("127.0.0.1", port, { transport: thrift.TFramedTransport, protocol });
connection.on("error", (e) => { console.error("connection error: " + e); process.exit(2); });
const client = thrift.createClient(ThriftSourceProtocol, connection);

// The thrift 0.17 generator's promise path needs Q, which the npm library no longer bundles: use callbacks.
const call = (method, arg) => new Promise((resolve, reject) => client[method](arg, (err, status) => (err ? reject(err) : resolve(status))));
const event = (i) => new types.ThriftFlumeEvent({ headers: { n: String(i), u: "é☃" }, body: Buffer.from("thrift-" + i) });

(async () => {
  const statuses = [];
  let n = 0;
  for (let b = 0; b < batches; b++) {
    const events = [];
    for (let k = 0; k < batchSize; k++) events.push(event(n++));
    statuses.push(await call("appendBatch", events));
  }
  const append = await call("append", event(n++));
  console.log(JSON.stringify({ statuses, append }));
  connection.end();
})().catch((e) => { console.error("call failed: " + (e && e.message ? e.message : e)); process.exit(1); });
