using Gateway.Journal;

namespace Gateway.Hosting;

public static partial class GatewayRun
{
    /// <summary>
    /// Runs the gateway and answers the process's exit code: 0 after a requested stop, <see cref="FailureExitCode"/>'s
    /// codes after a background service's failure or a journal from a newer version (refused before anything opens it
    /// for writing, so a downgrade never alters the newer file).
    /// </summary>
    public static async Task<int> RunGatewayAsync(this WebApplication app)
    {
        var exit = app.Services.GetRequiredService<FailureExitCode>();
        try
        {
            app.Services.GetRequiredService<IPaymentStore>();
            if (await Storage.PostgreSql.PostgreSqlStart.PrepareAsync(app) is { } refused)
            {
                await app.DisposeAsync();
                return refused;
            }
        }
        catch (JournalTooNewException ex)
        {
            LogJournalTooNew(app.Logger, ex.Message);
            await app.DisposeAsync();
            return FailureExitCode.JournalTooNew;
        }
        await app.RunAsync();
        return exit.Code;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogJournalTooNew(ILogger logger, string message);
}
