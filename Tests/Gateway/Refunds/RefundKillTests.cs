using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Tests.Reliability;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.Refunds;

/// <summary>
/// "kill -9 loses nothing" for refunds: the built gateway runs as its own process against the emulator (through a
/// relay that can swallow answers) and is killed with SIGKILL between "journalled" and "sent", and between "sent"
/// and "answer stored". After each restart the refund ends once, made at WebMoney under its one RefundId.
/// </summary>
public sealed class RefundKillTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const int TimeoutSeconds = 10;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _data = new("refund-kill-data");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private HoldingProxy _proxy = null!;
    private GatewayProcess _gateway = null!;

    public Task InitializeAsync()
    {
        _proxy = new HoldingProxy(emulator.Host.SoapUrl);
        _gateway = new GatewayProcess(_http, Within);
        var file = Path.Combine(emulator.BundleDirectory, "WebMoneySettings.txt");
        File.WriteAllLines(file, File.ReadAllLines(file).Select(l =>
            l.StartsWith("TimeoutSeconds=", StringComparison.Ordinal) ? $"TimeoutSeconds={TimeoutSeconds}"
            : l.StartsWith("ServerAddress=", StringComparison.Ordinal) ? $"ServerAddress=https://127.0.0.1:{_proxy.Port}"
            : l));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Kill();
        _http.Dispose();
        await _proxy.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task KilledBetweenJournalledAndSent_AndBetweenSentAndAnswerStored_EachRefundEndsOnceUnderOneRefundId()
    {
        await StartGateway();
        var created = await (await _http.PostAsJsonAsync(Url("/payments"), new { amount = 300m, paymentTypeCode = 5, terminalId = "RK" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var paymentId = created.GetProperty("id").GetString()!;
        var transactionId = created.GetProperty("transactionId").GetString()!;
        emulator.Host.Pay(transactionId, out _);
        await WaitFor(() => _http.GetFromJsonAsync<JsonElement>(Url($"/payments/{paymentId}?waitSeconds=5")), p => p.GetProperty("status").GetString() == "paid");

        // Point 1: the refund row is committed, RefundPayment never reaches WebMoney (it hangs in front of it) — kill.
        var sent = await emulator.StatsAsync(PosApi.RefundPayment);
        emulator.Host.AddFault(PosApi.RefundPayment, FaultKind.Hang);
        var cut1 = _http.PostAsJsonAsync(Url($"/payments/{paymentId}/refunds"), new { amount = 100m });
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatsAsync(PosApi.RefundPayment) > sent, Within, 10));
        Kill();
        await Assert.ThrowsAnyAsync<Exception>(() => cut1);
        emulator.Host.ClearFaults();
        Assert.Empty(AtWebMoney(transactionId));

        await StartGateway();
        var first = await WaitFor(() => Refunds(paymentId), list => list.Count == 1 && list[0].GetProperty("status").GetString() == "succeeded");
        var firstId = first[0].GetProperty("id").GetString()!;
        Assert.Equal(firstId, Assert.Single(AtWebMoney(transactionId)).RefundId);

        // Point 2: WebMoney made the refund, its answer never reaches the gateway — kill.
        var made = emulator.Host.GetRefunds().Count;
        _proxy.HoldAnswers = true;
        var cut2 = _http.PostAsJsonAsync(Url($"/payments/{paymentId}/refunds"), new { amount = 50m });
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetRefunds().Count > made), Within, 10));
        Kill();
        await Assert.ThrowsAnyAsync<Exception>(() => cut2);
        _proxy.HoldAnswers = false;

        await StartGateway();
        var both = await WaitFor(() => Refunds(paymentId), list => list.Count == 2 && list.All(r => r.GetProperty("status").GetString() == "succeeded"));
        var atWebMoney = AtWebMoney(transactionId);
        Assert.Equal(2, atWebMoney.Count);
        Assert.Equal(both.Select(r => r.GetProperty("id").GetString()).Order(), atWebMoney.Select(r => r.RefundId).Order());
        Assert.Equal(150m, atWebMoney.Sum(r => r.Amount));
        var payment = await _http.GetFromJsonAsync<JsonElement>(Url($"/payments/{paymentId}"));
        Assert.Equal(150m, payment.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(150m, payment.GetProperty("refundableAmount").GetDecimal());
    }

    private List<global::WebMoneyEmulator.Refunds.EmulatorRefund> AtWebMoney(string transactionId) =>
        emulator.Host.GetRefunds().Where(r => r.TransactionId == transactionId).ToList();

    private async Task<List<JsonElement>> Refunds(string paymentId) =>
        (await _http.GetFromJsonAsync<JsonElement>(Url($"/payments/{paymentId}/refunds"))).GetProperty("items").EnumerateArray().ToList();

    private static async Task<T> WaitFor<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        T? found = default;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try
            {
                return condition(found = await read());
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Within, 100), $"not reached: {found}");
        return found!;
    }

    private Uri Url(string path) => _gateway.Url(path);

    private Task StartGateway() => _gateway.StartAsync(
        $"--Gateway:SettingsDirectory={emulator.BundleDirectory}", $"--Gateway:DataDirectory={_data.Path}",
        "--Gateway:PollIntervalSeconds=0.2", "--Gateway:RecheckFirstIntervalSeconds=1");

    private void Kill() => _gateway.Kill();




}
