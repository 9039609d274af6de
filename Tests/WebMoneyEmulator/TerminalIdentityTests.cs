using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator;
using WebMoneyEmulator.Bundle;

namespace Tests.WebMoneyEmulator;

/// <summary>
/// Several POS identities in one emulator (SPEC §5, §15): <c>--terminals</c> writes a folder per till, and the emulator
/// accepts each identity over mutual TLS only with the certificate it was issued.
/// </summary>
public sealed class TerminalIdentityTests(TillsEmulatorFixture emulator) : IClassFixture<TillsEmulatorFixture>, IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wm-tills-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Init_WithTerminals_WritesAFolderPerTillWithPosNumbersInTheOrderGiven()
    {
        var code = await EmulatorCommandLine.RunAsync(["--init", _directory, "--terminals", "7,kassa-2"], TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, code);
        var bundle = EmulatorBundle.Load(_directory);
        Assert.Equal([("7", "N101"), ("kassa-2", "N102")], bundle.Terminals.Select(t => (t.TerminalId, t.PosNumber)).Order());
        var lines = File.ReadAllLines(Path.Combine(_directory, "terminals", "7", "WebMoneySettings.txt"));
        Assert.Contains("PosNumber=N101", lines);
        Assert.Equal(2, lines.Count(l => l.Contains('=', StringComparison.Ordinal)));
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_directory, "terminals", "kassa-2", "N102.pfx"), bundle.Terminals[1].CertificatePassword);
        Assert.True(certificate.HasPrivateKey);
        Assert.Contains("CN=N102", certificate.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(bundle.Terminals[0].CertificatePassword, bundle.Terminals[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(",")]
    [InlineData("1,1")]
    [InlineData("a b")]
    public void Parse_BrokenTerminals_SaysWhatAnIdLooksLike(string value)
    {
        var parsed = EmulatorCommandLine.Parse(["--bundle", "d", "--terminals", value], out var error);

        Assert.Null(parsed);
        Assert.Contains("--terminals 1,2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Terminals_KeepsTheOrderGiven()
    {
        var parsed = EmulatorCommandLine.Parse(["--bundle", "d", "--terminals", "2, 1"], out _);

        Assert.Equal(["2", "1"], parsed!.Terminals);
    }

    [Fact]
    public async Task Create_UnderEachTillsIdentity_TransactionsCarryTheirPosNumber()
    {
        var store = await CreateAsync(emulator.Client);
        var one = await CreateAsync(Till("1"));
        var two = await CreateAsync(Till("2"));

        Assert.Equal("N100", await PosNumberOfAsync(store));
        Assert.Equal("N101", await PosNumberOfAsync(one));
        Assert.Equal("N102", await PosNumberOfAsync(two));
    }

    [Fact]
    public async Task Create_SignedAsOneTillWithAnotherTillsCertificate_RefusedWithCode12()
    {
        var one = emulator.TillConnection("1");
        var borrowed = one with { ClientCertificate = emulator.TillConnection("2").ClientCertificate };

        var outcome = await emulator.ClientFor(borrowed).CreateQrPaymentAsync(Command(), CallTimeout, CancellationToken.None);

        var refusal = Assert.IsType<WebMoneyOutcome<QrCreated>.Refusal>(outcome);
        Assert.Equal(ResultCodes.UnknownAgent, refusal.ResultCode);
        Assert.Contains("N101", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithAPosNumberNoTillHas_RefusedWithCode12()
    {
        var stranger = emulator.Connection with { Settings = emulator.Connection.Settings with { PosNumber = "N999" } };

        var outcome = await emulator.ClientFor(stranger).CreateQrPaymentAsync(Command(), CallTimeout, CancellationToken.None);

        Assert.Equal(ResultCodes.UnknownAgent, Assert.IsType<WebMoneyOutcome<QrCreated>.Refusal>(outcome).ResultCode);
    }

    [Fact]
    public async Task StatusAndTransactions_AnotherTillsTransaction_IsNotFoundAndNotListed()
    {
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var two = await CreateAsync(Till("2"));

        var status = await Till("1").GetPaymentStatusAsync(two, CallTimeout, CancellationToken.None);
        var listOne = await Till("1").GetTransactionsAsync(from, DateTimeOffset.UtcNow.AddMinutes(1), CallTimeout, CancellationToken.None);
        var listTwo = await Till("2").GetTransactionsAsync(from, DateTimeOffset.UtcNow.AddMinutes(1), CallTimeout, CancellationToken.None);

        Assert.Equal(ResultCodes.UnknownTransaction, Assert.IsType<WebMoneyOutcome<StatusAnswer>.Refusal>(status).ResultCode);
        Assert.DoesNotContain(Assert.IsType<WebMoneyOutcome<TransactionList>.Success>(listOne).Value.Transactions, t => t.TransactionId == two);
        Assert.Contains(Assert.IsType<WebMoneyOutcome<TransactionList>.Success>(listTwo).Value.Transactions, t => t.TransactionId == two);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private IWebMoneyClient Till(string terminalId) => emulator.ClientFor(emulator.TillConnection(terminalId));

    private static CreateQrCommand Command() => new("tid-" + Guid.NewGuid().ToString("N"), WirePaymentSystem.Sbp, 12.30m, "RUB", null);

    private static async Task<string> CreateAsync(IWebMoneyClient client)
    {
        var outcome = await client.CreateQrPaymentAsync(Command(), CallTimeout, CancellationToken.None);
        return Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(outcome).Value.TransactionId;
    }

    private async Task<string?> PosNumberOfAsync(string transactionId)
    {
        var all = await emulator.Control.GetFromJsonAsync<JsonElement>("/emulator/transactions");
        return all.EnumerateArray().Single(t => t.GetProperty("transactionId").GetString() == transactionId).GetProperty("posNumber").GetString();
    }
}
