using WebMoneyEmulator;

return await EmulatorCommandLine.RunAsync(args, Console.Out, Console.Error);
