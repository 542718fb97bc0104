namespace FlumeNet.Agent;

public static class Program
{
    public static int Main(string[] args) => Cli.FlumeNgCommand.Run(args, Console.Out, Console.Error);
}
