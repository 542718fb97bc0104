namespace FlumeNet.ConfigParser.Substitution;

/// <summary>A <c>${…}</c> chain that refers back to itself (Commons Text: "Infinite loop in property interpolation").</summary>
public sealed class SubstitutionCycleException : Exception
{
    public SubstitutionCycleException(string variable, IReadOnlyList<string> chain)
        : base($"Infinite loop in ${{…}} substitution: {string.Join(" -> ", Skip1(chain))} -> {variable}")
    {
        Variable = variable;
    }

    public SubstitutionCycleException()
    {
        Variable = string.Empty;
    }

    public SubstitutionCycleException(string message)
        : base(message)
    {
        Variable = string.Empty;
    }

    public SubstitutionCycleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Variable = string.Empty;
    }

    public string Variable { get; }

    private static IEnumerable<string> Skip1(IReadOnlyList<string> chain)
    {
        for (var i = 1; i < chain.Count; i++)
        {
            yield return chain[i];
        }
    }
}
