namespace FlumeNet.Agent.Sinks.Hdfs;

internal enum BucketTokenKind
{
    /// <summary>Text copied as is.</summary>
    Literal,

    /// <summary><c>%x</c>: a time field, <c>%%</c> or an unknown letter; all of them need the event time.</summary>
    Shorthand,

    /// <summary><c>%{name}</c>: an event header, empty when missing.</summary>
    Header,

    /// <summary><c>%[name]</c>: a host value, resolved when the template is compiled.</summary>
    Static,
}

/// <summary>One piece of a compiled template. <see cref="Text"/> is the literal, the header name or the static value.</summary>
internal readonly record struct BucketToken(BucketTokenKind Kind, string Text, char Letter = '\0')
{
    public static BucketToken Literal(string text) => new(BucketTokenKind.Literal, text);

    public static BucketToken Shorthand(char letter) => new(BucketTokenKind.Shorthand, string.Empty, letter);

    public static BucketToken Header(string name) => new(BucketTokenKind.Header, name);

    public static BucketToken Static(string value) => new(BucketTokenKind.Static, value);
}
