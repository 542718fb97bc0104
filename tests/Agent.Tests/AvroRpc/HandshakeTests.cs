using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using static FlumeNet.Agent.Tests.AvroRpc.GoldenBytes;

namespace FlumeNet.Agent.Tests.AvroRpc;

/// <summary>The handshake state machine of reference §1.5 against exchanges written by hand from §1.4/§1.6.</summary>
public sealed class HandshakeTests
{
    private sealed class Handler(AvroStatus status) : IAvroFlumeHandler
    {
        public List<FlumeEvent> Got { get; } = [];

        public AvroStatus Append(FlumeEvent e)
        {
            Got.Add(e);
            return status;
        }

        public AvroStatus AppendBatch(List<FlumeEvent> events)
        {
            Got.AddRange(events);
            return status;
        }
    }

    private static FlumeEvent AbHi() => new("hi"u8.ToArray(), new Dictionary<string, string> { ["a"] = "b" });

    private static byte[] Respond(AvroResponder responder, AvroServerSession session, byte[] request, IAvroFlumeHandler handler)
    {
        using var w = new AvroWriter();
        responder.Respond(session, request, w, handler, []);
        return w.WrittenSpan.ToArray();
    }

    [Fact]
    public void Client_FirstAppendBatch_IsJavasBytes_AndFramesAsOneBuffer()
    {
        var requestor = new AvroRequestor("golden-first:1");
        using var w = new AvroWriter();
        NettyFrameWriter.Begin(w);
        requestor.WriteRequest(w, "appendBatch", x => AvroFlumeEventCodec.WriteArray(x, [AbHi()], 0, 1));
        var frame = NettyFrameWriter.Complete(w, 1).ToArray();
        Assert.Equal(Hex("00000001 00000001 0000003a " + FirstAppendBatch), frame);
        Assert.Equal(58 + 12, frame.Length);
    }

    [Fact]
    public void Server_AnswersBothAndOk_ToJavasFirstRequest_ThenReadsNoMoreHandshakes()
    {
        var responder = new AvroResponder();
        var session = new AvroServerSession();
        var handler = new Handler(AvroStatus.Ok);
        Assert.Equal(Hex(BothOk), Respond(responder, session, Hex(FirstAppendBatch), handler));
        Assert.True(session.Established);
        var e = Assert.Single(handler.Got);
        Assert.Equal("b", e.Header("a"));
        Assert.Equal("hi", Encoding.UTF8.GetString(e.Body));

        // Second call on the connection: no handshake; reply is meta, flag, Status.
        var second = Hex($"00 16 {Ascii("appendBatch")} 02 00 00 00");
        Assert.Equal(Hex("00 00 00"), Respond(responder, session, second, handler));
        Assert.Equal(2, handler.Got.Count);
    }

    [Theory]
    [InlineData(AvroStatus.Failed, "02")]
    [InlineData(AvroStatus.Unknown, "04")]
    public void Server_StatusIsTheEnumIndexAsVarint(AvroStatus status, string hex)
    {
        var reply = Respond(new AvroResponder(), new AvroServerSession(), Hex(FirstAppendBatch), new Handler(status));
        Assert.Equal(Hex("00 00 00 00 00 00 " + hex), reply);
    }

    [Fact]
    public void Server_UnknownClientHashWithoutProtocol_AnswersNoneWithItsProtocol_AndRunsNothing()
    {
        var other = "00112233445566778899aabbccddeeff";
        var request = Hex($"{other} 00 {Md5} 00 00 16 {Ascii("appendBatch")} 02 {EventAbHi} 00");
        var handler = new Handler(AvroStatus.Ok);
        var session = new AvroServerSession();
        var reply = Respond(new AvroResponder(), session, request, handler);
        using var expected = new AvroWriter();
        expected.WriteLong(2);
        expected.WriteLong(1);
        expected.WriteString(AvroFlumeProtocol.Json);
        expected.WriteLong(1);
        expected.WriteFixed(AvroFlumeProtocol.Md5);
        expected.WriteLong(0);
        Assert.Equal(expected.WrittenSpan.ToArray(), reply);
        Assert.Equal(0x04, reply[0]);
        Assert.Empty(handler.Got);
        Assert.False(session.Established);
    }

    [Fact]
    public void Server_KnownClientButWrongServerHash_AnswersClient_AndRunsTheCall()
    {
        var wrong = "ffeeddccbbaa99887766554433221100";
        var request = Hex($"{Md5} 00 {wrong} 00 00 16 {Ascii("appendBatch")} 02 {EventAbHi} 00");
        var handler = new Handler(AvroStatus.Ok);
        var session = new AvroServerSession();
        var reply = Respond(new AvroResponder(), session, request, handler);
        Assert.Equal(0x02, reply[0]);
        Assert.Equal(0x02, reply[1]);
        Assert.Equal(Hex("00 00 00"), reply[^3..]);
        Assert.Single(handler.Got);
        Assert.True(session.Established);
    }

    [Fact]
    public void Server_ClientSendingACompatibleProtocolWithOtherDoc_IsLearned_AndAnsweredBoth()
    {
        var text = AvroFlumeProtocol.Json.Replace("\"doc\":\"* Licensed", "\"doc\":\"* Copied", StringComparison.Ordinal);
#pragma warning disable CA5351 // Avro IPC identifies protocols by MD5.
        var hash = System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5351
        using var w = new AvroWriter();
        new HandshakeRequest(hash, text, AvroFlumeProtocol.Md5.ToArray()).Write(w);
        w.WriteLong(0);
        w.WriteString("append");
        AvroFlumeEventCodec.Write(w, AbHi());
        var handler = new Handler(AvroStatus.Ok);
        var reply = Respond(new AvroResponder(), new AvroServerSession(), w.WrittenSpan.ToArray(), handler);
        Assert.Equal(Hex(BothOk), reply);
        Assert.Single(handler.Got);
    }

    /// <summary>What Debian's python3-avro 1.11 prints for Flume's protocol (no doc, explicit empty errors), sent after a NONE.</summary>
    private const string PythonAvroProtocol = """
        {"protocol": "AvroSourceProtocol", "namespace": "org.apache.flume.source.avro", "types": [{"type": "enum", "name": "Status", "symbols": ["OK", "FAILED", "UNKNOWN"]}, {"type": "record", "name": "AvroFlumeEvent", "fields": [{"type": {"type": "map", "values": "string"}, "name": "headers"}, {"type": "bytes", "name": "body"}]}], "messages": {"append": {"request": [{"type": "AvroFlumeEvent", "name": "event"}], "response": "Status", "errors": []}, "appendBatch": {"request": [{"type": {"type": "array", "items": "AvroFlumeEvent"}, "name": "events"}], "response": "Status", "errors": []}}}
        """;

    [Fact]
    public void Server_LearnsPythonAvrosProtocolText_AfterNone()
    {
        var pythonHash = Hex("707cba5ff90563725bf99ecb99ba0028");
        var responder = new AvroResponder();
        var handler = new Handler(AvroStatus.Ok);
        using var first = new AvroWriter();
        new HandshakeRequest(pythonHash, null, pythonHash).Write(first);
        first.WriteLong(0);
        first.WriteString("appendBatch");
        AvroFlumeEventCodec.WriteArray(first, [AbHi()], 0, 1);
        Assert.Equal(0x04, Respond(responder, new AvroServerSession(), first.WrittenSpan.ToArray(), handler)[0]);
        using var second = new AvroWriter();
        new HandshakeRequest(pythonHash, PythonAvroProtocol, AvroFlumeProtocol.Md5.ToArray()).Write(second);
        second.WriteLong(0);
        second.WriteString("appendBatch");
        AvroFlumeEventCodec.WriteArray(second, [AbHi()], 0, 1);
        Assert.Equal(Hex(BothOk), Respond(responder, new AvroServerSession(), second.WrittenSpan.ToArray(), handler));
        Assert.Single(handler.Got);
    }

    [Fact]
    public void Server_RefusesAClientProtocolWithOtherMessageSchemas()
    {
        var other = PythonAvroProtocol.Replace("\"type\": \"bytes\", \"name\": \"body\"", "\"type\": \"string\", \"name\": \"body\"", StringComparison.Ordinal);
        using var w = new AvroWriter();
        new HandshakeRequest(Hex("0f0e0d0c0b0a09080706050403020100"), other, AvroFlumeProtocol.Md5.ToArray()).Write(w);
        w.WriteLong(0);
        w.WriteString("append");
        Assert.Throws<AvroRpcProtocolException>(() => Respond(new AvroResponder(), new AvroServerSession(), w.WrittenSpan.ToArray(), new Handler(AvroStatus.Ok)));
    }

    [Fact]
    public void Server_HandshakePing_GetsOnlyTheHandshake()
    {
        var ping = Hex($"{Md5} 00 {Md5} 00 00 00");
        var handler = new Handler(AvroStatus.Ok);
        Assert.Equal(Hex("00 00 00 00"), Respond(new AvroResponder(), new AvroServerSession(), ping, handler));
        Assert.Empty(handler.Got);
    }

    [Fact]
    public void Server_UnknownMessage_AnswersAnAvroError()
    {
        var session = new AvroServerSession { Established = true };
        var reply = Respond(new AvroResponder(), session, Hex($"00 06 {Ascii("foo")}"), new Handler(AvroStatus.Ok));
        Assert.Equal(Hex("00 01 00"), reply[..3]);
        Assert.Contains("No such remote message: foo", Encoding.UTF8.GetString(reply), StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorReply_IsTheStringUnionOfTheReference()
    {
        using var w = new AvroWriter();
        AvroResponder.WriteError(w, "boom");
        Assert.Equal(Hex("00 01 00 08 62 6f 6f 6d"), w.WrittenSpan.ToArray());
    }

    [Fact]
    public void HandshakeNone_WithProtocolX_IsTheReferenceBytes()
    {
        using var w = new AvroWriter();
        new HandshakeResponse(HandshakeMatch.None, "X", AvroFlumeProtocol.Md5.ToArray()).Write(w);
        Assert.Equal(Hex($"04 02 02 58 02 {Md5} 00"), w.WrittenSpan.ToArray());
    }

    [Fact]
    public void Client_ReadsBothOk_ThenSendsNoHandshake()
    {
        var requestor = new AvroRequestor("golden-both:1");
        using var w = new AvroWriter();
        requestor.WriteRequest(w, "appendBatch", x => AvroFlumeEventCodec.WriteArray(x, [], 0, 0));
        Assert.Equal(AvroStatus.Ok, requestor.ReadResponse(Hex(BothOk)));
        Assert.True(requestor.Established);
        w.Reset();
        requestor.WriteRequest(w, "appendBatch", x => AvroFlumeEventCodec.WriteArray(x, [], 0, 0));
        Assert.Equal(Hex($"00 16 {Ascii("appendBatch")} 00"), w.WrittenSpan.ToArray());
        Assert.Equal(AvroStatus.Failed, requestor.ReadResponse(Hex("00 00 02")));
    }

    [Fact]
    public void Client_OnNone_ResendsWithItsProtocolAndTheServersHash()
    {
        var serverHash = Hex("0102030405060708090a0b0c0d0e0f10");
        var requestor = new AvroRequestor("golden-none:1");
        using var w = new AvroWriter();
        requestor.WriteRequest(w, "append", x => AvroFlumeEventCodec.Write(x, AbHi()));
        using var none = new AvroWriter();
        new HandshakeResponse(HandshakeMatch.None, "{}", serverHash).Write(none);
        Assert.Null(requestor.ReadResponse(none.WrittenSpan));
        Assert.False(requestor.Established);

        w.Reset();
        requestor.WriteRequest(w, "append", x => AvroFlumeEventCodec.Write(x, AbHi()));
        var reader = new AvroReader(w.WrittenSpan);
        var resent = HandshakeRequest.Read(ref reader);
        Assert.Equal(AvroFlumeProtocol.Md5.ToArray(), resent.ClientHash);
        Assert.Equal(AvroFlumeProtocol.Json, resent.ClientProtocol);
        Assert.Equal(serverHash, resent.ServerHash);

        using var client = new AvroWriter();
        new HandshakeResponse(HandshakeMatch.Client, "{}", serverHash).Write(client);
        client.WriteLong(0);
        client.WriteBoolean(false);
        client.WriteLong(0);
        Assert.Equal(AvroStatus.Ok, requestor.ReadResponse(client.WrittenSpan));
        Assert.True(requestor.Established);
    }

    [Fact]
    public void Client_ErrorReply_Throws()
    {
        var requestor = new AvroRequestor("golden-error:1");
        using var w = new AvroWriter();
        requestor.WriteRequest(w, "append", x => AvroFlumeEventCodec.Write(x, AbHi()));
        var ex = Assert.Throws<AvroRemoteException>(() => requestor.ReadResponse(Hex("00 00 00 00 00 01 00 08 62 6f 6f 6d")));
        Assert.Equal("boom", ex.Message);
    }

    [Fact]
    public void ClientAndServer_Converse_WhateverTheServerHashCache()
    {
        var responder = new AvroResponder();
        var session = new AvroServerSession();
        var requestor = new AvroRequestor("converse:1");
        var handler = new Handler(AvroStatus.Ok);
        for (var i = 0; i < 3; i++)
        {
            using var w = new AvroWriter();
            requestor.WriteRequest(w, "appendBatch", x => AvroFlumeEventCodec.WriteArray(x, [AbHi(), AbHi()], 0, 2));
            Assert.Equal(AvroStatus.Ok, requestor.ReadResponse(Respond(responder, session, w.WrittenSpan.ToArray(), handler)));
        }
        Assert.Equal(6, handler.Got.Count);
    }
}
