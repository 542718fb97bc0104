// Cross-check of the Kafka emulator with kafkajs (an independent client): creates a topic, produces N messages
// (optionally gzip), consumes them in a consumer group of `members` consumers, prints one JSON summary line.
// Usage: node check.js BROKER TOPIC COUNT [members]
const { Kafka, CompressionTypes, logLevel } = require('kafkajs');

async function main() {
  const [broker, topic, countText, membersText] = process.argv.slice(2);
  const count = Number(countText);
  const members = Number(membersText || '1');
  const kafka = new Kafka({ clientId: 'sdk-check', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 10 } });
  const admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  const offsetsBefore = await admin.fetchTopicOffsets(topic);
  const joins = [];
  const seen = new Map();
  const consumers = [];
  const perMember = [];
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  for (let m = 0; m < members; m++) {
    const consumer = kafka.consumer({ groupId: topic + '-group', sessionTimeout: 10000, heartbeatInterval: 500, maxWaitTimeInMs: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    consumer.on(consumer.events.GROUP_JOIN, (e) => { joins[m] = e.payload; });
    perMember.push(0);
    consumer.run({
      eachMessage: async ({ message }) => {
        const v = message.value.toString();
        seen.set(v, (seen.get(v) || 0) + 1);
        perMember[m]++;
        if (seen.size === count) done();
      },
    });
    consumers.push(consumer);
  }
  const deadline = Date.now() + 60000;
  // Produce only once every member holds its share of the latest generation, so the group demonstrably splits the work.
  while (Date.now() < deadline) {

    const assigned = joins.reduce((s, j) => s + (j ? (j.memberAssignment[topic] || []).length : 0), 0);
    if (joins.filter(Boolean).length === members && assigned === 3) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let i = 0; i < count; i++) messages.push({ key: 'k' + (i % 7), value: 'm' + i });
  for (let i = 0; i < messages.length; i += 100) {
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: messages.slice(i, i + 100) });
  }
  await producer.disconnect();
  const timer = setTimeout(done, 60000);
  await finished;
  clearTimeout(timer);
  for (const c of consumers) await c.disconnect();
  const committed = await admin.fetchOffsets({ groupId: topic + '-group', topics: [topic] });
  await admin.disconnect();
  const total = offsetsBefore.length;
  console.log(JSON.stringify({ created, partitions: total, distinct: seen.size, perMember,
    committed: committed[0].partitions.reduce((s, p) => s + Number(p.offset), 0) }));
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
