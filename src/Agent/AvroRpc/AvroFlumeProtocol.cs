namespace FlumeNet.Agent.AvroRpc;

/// <summary>
/// Flume's <c>AvroSourceProtocol</c> exactly as Java peers print it (reference §1.6): the same text gives the same MD5,
/// so a first exchange with Java Flume is one round trip answered <c>BOTH</c>.
/// </summary>
public static class AvroFlumeProtocol
{
    /// <summary>Protocol JSON of Flume 1.11 (1334 UTF-8 bytes, no trailing newline); its doc is flume.avdl's licence comment.</summary>
    public const string Json = """
{"protocol":"AvroSourceProtocol","namespace":"org.apache.flume.source.avro","doc":"* Licensed to the Apache Software Foundation (ASF) under one\n * or more contributor license agreements.  See the NOTICE file\n * distributed with this work for additional information\n * regarding copyright ownership.  The ASF licenses this file\n * to you under the Apache License, Version 2.0 (the\n * \"License\"); you may not use this file except in compliance\n * with the License.  You may obtain a copy of the License at\n *\n * http://www.apache.org/licenses/LICENSE-2.0\n *\n * Unless required by applicable law or agreed to in writing,\n * software distributed under the License is distributed on an\n * \"AS IS\" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY\n * KIND, either express or implied.  See the License for the\n * specific language governing permissions and limitations\n * under the License.","types":[{"type":"enum","name":"Status","symbols":["OK","FAILED","UNKNOWN"]},{"type":"record","name":"AvroFlumeEvent","fields":[{"name":"headers","type":{"type":"map","values":"string"}},{"name":"body","type":"bytes"}]}],"messages":{"append":{"request":[{"name":"event","type":"AvroFlumeEvent"}],"response":"Status"},"appendBatch":{"request":[{"name":"events","type":{"type":"array","items":"AvroFlumeEvent"}}],"response":"Status"}}}
""";

    /// <summary>MD5 of <see cref="Json"/>: <c>86aadae2c45474c0fe93ffd0f2350a65</c>.</summary>
    public static ReadOnlySpan<byte> Md5 => [0x86, 0xaa, 0xda, 0xe2, 0xc4, 0x54, 0x74, 0xc0, 0xfe, 0x93, 0xff, 0xd0, 0xf2, 0x35, 0x0a, 0x65];

    public const string AppendMessage = "append";

    public const string AppendBatchMessage = "appendBatch";
}

/// <summary>Flume's Avro <c>Status</c> enum; on the wire the varint of its index.</summary>
public enum AvroStatus
{
    Ok = 0,
    Failed = 1,
    Unknown = 2,
}
