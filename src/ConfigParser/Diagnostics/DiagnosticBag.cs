namespace FlumeNet.ConfigParser.Diagnostics;

/// <summary>Collects diagnostics from every stage; validation never stops at the first problem.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors
    {
        get
        {
            foreach (var d in _items)
            {
                if (d.IsError)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void Error(SourceLocation at, string code, string key, string message, string? hint = null) =>
        _items.Add(new Diagnostic(at, Severity.Error, code, key, message, hint));

    public void Warning(SourceLocation at, string code, string key, string message, string? hint = null) =>
        _items.Add(new Diagnostic(at, Severity.Warning, code, key, message, hint));

    /// <summary>Diagnostics sorted by file order, then line, keeping the order of discovery for ties.</summary>
    public IReadOnlyList<Diagnostic> Sorted(IReadOnlyList<string>? fileOrder = null)
    {
        var indexed = new List<(Diagnostic D, int I)>(_items.Count);
        for (var i = 0; i < _items.Count; i++)
        {
            indexed.Add((_items[i], i));
        }
        int FileRank(string f)
        {
            if (fileOrder is null)
            {
                return 0;
            }
            var r = -1;
            for (var i = 0; i < fileOrder.Count; i++)
            {
                if (fileOrder[i] == f)
                {
                    r = i;
                    break;
                }
            }
            return r < 0 ? int.MaxValue : r;
        }
        indexed.Sort((a, b) =>
        {
            var c = FileRank(a.D.Location.File).CompareTo(FileRank(b.D.Location.File));
            if (c == 0)
            {
                c = string.CompareOrdinal(a.D.Location.File, b.D.Location.File);
            }
            if (c == 0)
            {
                c = a.D.Location.Line.CompareTo(b.D.Location.Line);
            }
            return c != 0 ? c : a.I.CompareTo(b.I);
        });
        return indexed.ConvertAll(x => x.D);
    }
}
