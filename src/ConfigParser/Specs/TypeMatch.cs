namespace FlumeNet.ConfigParser.Specs;

public enum TypeMatchKind
{
    Alias,
    ClassName,
    /// <summary>A known class name in the wrong case: Flume's validation accepts it, then its class loader fails (S5).</summary>
    ClassNameWrongCase,
}

public sealed record TypeMatch(ComponentSpec Spec, TypeMatchKind How);
