using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.Formats;
using FlumeNet.Agent.Serializers;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

public sealed class HdfsDataStreamWriterTests
{
    [Fact]
    public void Text_WritesBodiesAndNewlines_VisibleAfterSync()
    {
        using var file = new FlushCountingStream();
        var writer = new HdfsDataStreamWriter(s => new BodyTextEventSerializer(s, appendNewline: true));
        writer.Open(file);
        writer.Append(Events.Make("yarg!"));
        writer.Append(Events.Make("second"));
        writer.Sync();
        Assert.Equal("yarg!\nsecond\n", Encoding.UTF8.GetString(file.ToArray()));
        Assert.Equal(0, file.Flushes);
        writer.Append(Events.Make("third"));
        writer.Close();
        Assert.Equal(1, file.Flushes);
        Assert.Equal("yarg!\nsecond\nthird\n", Encoding.UTF8.GetString(file.ToArray()));
        Assert.Equal(16, writer.BytesWritten);
    }

    [Fact]
    public void Text_WithoutNewline_WritesBodiesBackToBack()
    {
        using var file = new MemoryStream();
        var writer = new HdfsDataStreamWriter(s => new BodyTextEventSerializer(s, appendNewline: false));
        writer.Open(file);
        writer.Append(Events.Make("a"));
        writer.Append(Events.Make("b"));
        writer.Close();
        Assert.Equal("ab", Encoding.UTF8.GetString(file.ToArray()));
    }

    [Fact]
    public void LargeBodies_PassThroughUnchanged()
    {
        using var file = new MemoryStream();
        var writer = new HdfsDataStreamWriter(s => new BodyTextEventSerializer(s, appendNewline: false));
        writer.Open(file);
        var body = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31)).ToArray();
        writer.Append(Events.Make(new byte[] { 1, 2, 3 }));
        writer.Append(Events.Make(body));
        writer.Close();
        Assert.Equal(new byte[] { 1, 2, 3 }.Concat(body), file.ToArray());
    }

    [Fact]
    public void SerializerLifecycle_IsCalledInFlumeOrder()
    {
        var calls = new List<string>();
        using var file = new MemoryStream();
        var writer = new HdfsDataStreamWriter(s => new RecordingSerializer(calls));
        writer.Open(file);
        writer.Append(Events.Make("a"));
        writer.Sync();
        writer.Close();
        Assert.Equal(["afterCreate", "write", "flush", "flush", "beforeClose"], calls);
    }

    [Fact]
    public void Open_Twice_Throws()
    {
        using var file = new MemoryStream();
        var writer = new HdfsDataStreamWriter(s => new BodyTextEventSerializer(s, appendNewline: true));
        writer.Open(file);
        Assert.Throws<InvalidOperationException>(() => writer.Open(file));
    }

    private sealed class RecordingSerializer(List<string> calls) : IEventSerializer
    {
        public void AfterCreate() => calls.Add("afterCreate");

        public void Write(FlumeEvent e) => calls.Add("write");

        public void Flush() => calls.Add("flush");

        public void BeforeClose() => calls.Add("beforeClose");
    }
}
