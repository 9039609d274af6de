namespace WebMoneyEmulator;

// Not top-level statements: a global `Program` here would clash with the gateway's in the tests.
internal static class EmulatorProgram
{
    public static int Main(string[] args) => 0;
}
