namespace FlumeNet.Agent.Migration;

/// <summary>The nlog.config made from a log4j config, with what was carried, approximated or dropped, for the report.</summary>
public sealed class LogPlan
{
    public LogPlan(LogConfig source, string nlogXml, IReadOnlyList<string> items, IReadOnlyList<string> notes)
    {
        Source = source;
        NLogXml = nlogXml;
        Items = items;
        Notes = notes;
    }

    public const string FileName = "nlog.config";

    public LogConfig Source { get; }

    public string NLogXml { get; }

    /// <summary>One line per appender and logger: what it became.</summary>
    public IReadOnlyList<string> Items { get; }

    /// <summary>Approximations and things not carried.</summary>
    public IReadOnlyList<string> Notes { get; }
}
