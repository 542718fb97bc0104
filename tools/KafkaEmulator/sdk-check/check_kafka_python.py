"""Cross-check of the Kafka emulator with kafka-python (Debian python3-kafka), an independent client.

Two consumers join one group, wait until the group gave each a share of the topic's partitions, then a producer sends
COUNT messages (gzip) and the consumers read them, committing offsets. Prints one JSON summary line.
Usage: python3 check_kafka_python.py BROKER TOPIC COUNT
"""
import json
import sys
import threading
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic


def main():
    broker, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    admin = KafkaAdminClient(bootstrap_servers=broker)
    admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])
    admin.close()
    group = topic + "-group"
    consumers = [KafkaConsumer(topic, bootstrap_servers=broker, group_id=group, auto_offset_reset="earliest",
                               enable_auto_commit=False, session_timeout_ms=10000, heartbeat_interval_ms=500)
                 for _ in range(2)]
    seen = {}
    per_member = [0, 0]
    lock = threading.Lock()
    stop = threading.Event()

    def poll(i):
        c = consumers[i]
        while not stop.is_set():
            batch = c.poll(timeout_ms=200)
            for records in batch.values():
                with lock:
                    for r in records:
                        seen[r.value] = seen.get(r.value, 0) + 1
                        per_member[i] += 1
            if batch:
                c.commit()

    threads = [threading.Thread(target=poll, args=(i,), daemon=True) for i in range(2)]
    for t in threads:
        t.start()
    deadline = time.time() + 60
    while time.time() < deadline:
        shares = [len(c.assignment()) for c in consumers]
        if all(shares) and sum(shares) == 3:
            break
        time.sleep(0.1)
    producer = KafkaProducer(bootstrap_servers=broker, compression_type="gzip", acks="all")
    for i in range(count):
        producer.send(topic, key=str(i % 5).encode(), value=("m%d" % i).encode())
    producer.flush()
    producer.close()
    while time.time() < deadline:
        with lock:
            if len(seen) >= count:
                break
        time.sleep(0.1)
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join()
    for c in consumers:
        c.close()
    check = KafkaConsumer(bootstrap_servers=broker, group_id=group, enable_auto_commit=False)
    from kafka import TopicPartition
    committed = sum((check.committed(TopicPartition(topic, p)) or 0) for p in range(3))
    check.close()
    print(json.dumps({"distinct": len(seen), "perMember": per_member, "committed": committed,
                      "shares": shares}))


if __name__ == "__main__":
    main()
