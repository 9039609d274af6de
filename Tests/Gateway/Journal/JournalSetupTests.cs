using System.Net;
using Gateway.Journal;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Journal;

/// <summary><c>Gateway:Journal:Provider</c> chooses the storage behind the port, in one place (issue #24, SPEC §14).</summary>
public sealed class JournalSetupTests
{
    [Fact]
    public void UnknownProvider_FailsTheStart_NamingTheKey()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config(JournalSetup.ProviderKey, "Oracle");

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Gateway:Journal:Provider", error.ToString());
        Assert.Contains("Oracle", error.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Sqlite")]
    [InlineData("sqlite")]
    public async Task SqliteProvider_TheDefault_ServesThePortFromTheJournalFile(string? provider)
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config(JournalSetup.ProviderKey, provider);

        var response = await factory.CreateClient().GetAsync("/payments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsType<PaymentJournal>(factory.Services.GetRequiredService<IPaymentStore>());
        Assert.IsType<RefundJournal>(factory.Services.GetRequiredService<IRefundStore>());
        Assert.IsType<JournalReports>(factory.Services.GetRequiredService<IReportStore>());
        Assert.IsType<HistoryJournal>(factory.Services.GetRequiredService<IHistoryStore>());
        Assert.True(File.Exists(factory.Services.GetRequiredService<PaymentJournal>().DatabasePath));
    }
}
