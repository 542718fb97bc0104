#!/usr/bin/python3
"""Independent Avro IPC peer for FlumeNet's avro source: Debian's python3-avro Requestor (its own handshake code)
over Netty-style frames, one TCP connection per call (the Python requestor handshakes on every call).

Usage: send.py PROTOCOL_JSON_FILE HOST PORT BATCHES BATCH_SIZE
Prints one JSON line: {"statuses": [...], "append": "OK"}. Event i has body b"py-<i>" and headers {"n": str(i), "u": "é☃"}.
"""
import json
import socket
import struct
import sys

import avro.ipc
import avro.protocol


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


class NettyTransceiver:
    def __init__(self, host, port):
        self.host, self.port, self.serial = host, port, 0

    remote_name = property(lambda self: "%s:%d" % (self.host, self.port))

    def transceive(self, request):
        self.serial += 1
        with socket.create_connection((self.host, self.port), timeout=30) as s:
            s.sendall(struct.pack(">iii", self.serial, 1, len(request)) + request)
            serial, count = struct.unpack(">ii", recv_exactly(s, 8))
            if serial != self.serial:
                raise ValueError("serial %d answered to %d" % (serial, self.serial))
            parts = []
            for _ in range(count):
                (length,) = struct.unpack(">i", recv_exactly(s, 4))
                parts.append(recv_exactly(s, length))
            return b"".join(parts)


def main():
    protocol_file, host, port, batches, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    with open(protocol_file, encoding="utf-8") as f:
        protocol = avro.protocol.parse(f.read())
    requestor = avro.ipc.Requestor(protocol, NettyTransceiver(host, port))
    statuses, n = [], 0
    for _ in range(batches):
        events = []
        for _ in range(size):
            events.append({"headers": {"n": str(n), "u": "é☃"}, "body": ("py-%d" % n).encode()})
            n += 1
        statuses.append(requestor.request("appendBatch", {"events": events}))
    appended = requestor.request("append", {"event": {"headers": {"n": str(n), "u": "é☃"}, "body": ("py-%d" % n).encode()}})
    print(json.dumps({"statuses": statuses, "append": appended}))


if __name__ == "__main__":
    main()
