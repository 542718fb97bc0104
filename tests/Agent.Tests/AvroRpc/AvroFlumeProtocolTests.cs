using System.Security.Cryptography;
using System.Text;
using FlumeNet.Agent.AvroRpc;

namespace FlumeNet.Agent.Tests.AvroRpc;

public sealed class AvroFlumeProtocolTests
{
    [Fact]
    public void ProtocolText_Is1334Bytes_AndHashesToJavaFlumesMd5()
    {
        var bytes = Encoding.UTF8.GetBytes(AvroFlumeProtocol.Json);
        Assert.Equal(1334, bytes.Length);
#pragma warning disable CA5351 // Avro IPC identifies protocols by MD5.
        Assert.Equal(GoldenBytes.Md5, Convert.ToHexStringLower(MD5.HashData(bytes)));
#pragma warning restore CA5351
        Assert.Equal(GoldenBytes.Md5, Convert.ToHexStringLower(AvroFlumeProtocol.Md5));
    }

    [Fact]
    public void ProtocolText_StartsAndEndsAsJavaPrintsIt()
    {
        Assert.StartsWith("{\"protocol\":\"AvroSourceProtocol\",\"namespace\":\"org.apache.flume.source.avro\",\"doc\":\"* Licensed to the Apache", AvroFlumeProtocol.Json, StringComparison.Ordinal);
        Assert.EndsWith("\"response\":\"Status\"}}}", AvroFlumeProtocol.Json, StringComparison.Ordinal);
        Assert.Contains("\\n * \\\"License\\\"); you may not use", AvroFlumeProtocol.Json, StringComparison.Ordinal);
        var parsed = Avro.Protocol.Parse(AvroFlumeProtocol.Json);
        Assert.Equal(["append", "appendBatch"], parsed.Messages.Keys.Order(StringComparer.Ordinal));
    }
}
