# Flume's thrift RPC interface, written from reference flume-components-2.md §2.1 (what Java Flume 1.11 puts on the
# wire). FlumeNet's C# side is hand-written over ApacheThrift's TProtocol (ThriftFlumeCodec.cs); this file is the
# contract for other clients (tests/ThriftClient generates its JavaScript from it).

namespace java org.apache.flume.thrift
namespace netstd FlumeNet.Agent.ThriftRpc

struct ThriftFlumeEvent {
  1: required map<string, string> headers,
  2: required binary body,
}

enum Status {
  OK = 0,
  FAILED = 1,
  ERROR = 2,
  UNKNOWN = 3,
}

service ThriftSourceProtocol {
  Status append(1: ThriftFlumeEvent event),
  Status appendBatch(1: list<ThriftFlumeEvent> events),
}
