namespace FlumeNet.ConfigParser.Tests.Oracle;

/// <summary>A fact that needs a JDK: reported as skipped when <c>java</c> is not on PATH.</summary>
public sealed class JavaFactAttribute : FactAttribute
{
    public JavaFactAttribute()
    {
        if (JavaRuntime.Executable is null)
        {
            Skip = "java is not on PATH (the JDK oracle needs Java 11+ for single-file source launch)";
        }
    }
}
