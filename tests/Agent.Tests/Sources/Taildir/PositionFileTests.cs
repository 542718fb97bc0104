using System.Text;
using FlumeNet.Agent.Sources.Taildir;

namespace FlumeNet.Agent.Tests.Sources.Taildir;

/// <summary>Flume's taildir position file as Gson reads and writes it (reference §6.3, T17).</summary>
public sealed class PositionFileTests
{
    [Fact]
    public void Reads_GsonEscapes_KeysInAnyOrder_AndQuotedNumbers()
    {
        var r = PositionFile.Parse(Encoding.UTF8.GetBytes("""[{"file":"/var/log/a\u003cb\u003e\u0026\u003d\u0027.log","pos":"12","inode":34}]"""));
        Assert.Null(r.SyntaxError);
        Assert.Equal(new PositionEntry(34, 12, "/var/log/a<b>&='.log"), Assert.Single(r.Entries));
    }

    [Fact]
    public void SyntaxError_KeepsTheEntriesReadBeforeIt()
    {
        var r = PositionFile.Parse("[{\"inode\":1,\"pos\":2,\"file\":\"/a\"},{\"inode\":3,\"pos\":"u8);
        Assert.NotNull(r.SyntaxError);
        Assert.Equal(new PositionEntry(1, 2, "/a"), Assert.Single(r.Entries));
        Assert.NotNull(PositionFile.Parse([]).SyntaxError);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""[{"inode":1,"pos":2,"file":"/a","x":1}]""")]
    [InlineData("""[{"inode":1,"file":"/a"}]""")]
    [InlineData("""[1]""")]
    public void StructuralErrors_AreRefused(string json) =>
        Assert.Throws<InvalidDataException>(() => PositionFile.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Writes_GsonsCompactForm_WithHtmlSafeEscapes()
    {
        var text = PositionFile.Format([new PositionEntry(5, 6, "/x/a<b>&='\"\\\n.log"), new PositionEntry(7, 8, "/y")]);
        Assert.Equal("""[{"inode":5,"pos":6,"file":"/x/a\u003cb\u003e\u0026\u003d\u0027\"\\\n.log"},{"inode":7,"pos":8,"file":"/y"}]""", text);
        Assert.Equal(string.Empty, PositionFile.Format([]));
        var back = PositionFile.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal("/x/a<b>&='\"\\\n.log", back.Entries[0].File);
    }
}
