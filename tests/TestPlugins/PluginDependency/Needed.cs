namespace FlumeNet.TestPlugins.Dependency;

public static class Needed
{
    public static string Marker => "needed";
}
