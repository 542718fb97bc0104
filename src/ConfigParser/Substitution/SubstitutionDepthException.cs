namespace FlumeNet.ConfigParser.Substitution;

/// <summary>A <c>${…}</c> value nested or chained beyond the substitutor's limits; the value is kept as written.</summary>
public sealed class SubstitutionDepthException : Exception
{
    public SubstitutionDepthException()
    {
    }

    public SubstitutionDepthException(string message)
        : base(message)
    {
    }

    public SubstitutionDepthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
