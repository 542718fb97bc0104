namespace FlumeNet.ConfigParser.Specs;

/// <summary>What validation needs to know about component types. The agent's registry implements it; ConfigParser knows no runtime type.</summary>
public interface IComponentCatalog
{
    IReadOnlyList<ComponentSpec> All { get; }

    /// <summary>Finds a type by alias (case-insensitive) or class name (exact; a wrong-case match is reported as such).</summary>
    TypeMatch? Resolve(ComponentKind kind, string type);
}
