namespace WebMoneyEmulator;

// Not top-level statements: a global `Program` here would clash with the gateway's in the tests.
internal static class EmulatorProgram
{
    public static Task<int> Main(string[] args) => EmulatorCommandLine.RunAsync(args, Console.Out, Console.Error);
}
