using Tests.Support;

namespace Tests.KassirClient.Mono;

/// <summary>The POS program compiled once, the emulator, and a store server of two real gateway processes on one database.</summary>
public sealed class MonoTwoNodesFixture : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    internal MonoPosHost Host { get; private set; } = null!;

    internal EmulatorFixture Emulator { get; } = new();

    internal GatewayNodes Nodes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await MonoPosHost.CompileAsync();
        await Emulator.InitializeAsync();
        await _database.InitializeAsync();
        Nodes = new GatewayNodes(Emulator, _database.ConnectionString);
        await Nodes.StartTogetherAsync(2);
    }

    public async Task DisposeAsync()
    {
        Nodes.Dispose();
        await _database.DisposeAsync();
        await Emulator.DisposeAsync();
        Host.Dispose();
    }
}

/// <summary>
/// KassirClient.dll under Mono (a .NET Framework 4.6.2 POS program) against a store server (SPEC §14): two built gateway
/// processes on one PostgreSQL database, the first of its addresses down or killed during the payment, the second given
/// as <c>LocalPayClientOptions.FallbackAddresses</c>. The till keeps paying, and both nodes tell the same story.
/// </summary>
public sealed class MonoTwoNodesTests(MonoTwoNodesFixture fixture) : IClassFixture<MonoTwoNodesFixture>
{
    private GatewayNodes Nodes => fixture.Nodes;

    [Fact]
    public async Task Pay_FirstNodeKilledWhileTheCustomerPays_TheWaitGoesOnAtTheSecondNode_PaidOnce()
    {
        var a = Nodes[0].BaseUrl;
        using var pos = fixture.Host.Start(a, "mono-2n-killed", "sync", fallback: Nodes[1].BaseUrl);
        var (paymentId, _, _) = await pos.QrAsync();
        var transactionId = (await Nodes.Client(1).GetPaymentAsync(paymentId)).GetProperty("transactionId").GetString()!;
        var createsBefore = await fixture.Emulator.StatsAsync("CreateQrPayment");

        Nodes.Kill(0);
        await fixture.Emulator.ActAsync(transactionId, "pay");
        var result = await pos.ResultAsync();
        await Nodes.RestartAsync(0);

        Assert.Equal(new PosResult("Paid", "", paymentId, "Оплачено"), result);
        Assert.Equal(createsBefore, await fixture.Emulator.StatsAsync("CreateQrPayment"));
        Assert.Equal("paid", (await Nodes.Client(0).GetPaymentAsync(paymentId)).GetProperty("status").GetString());
        Assert.Equal("paid", (await Nodes.Client(1).GetPaymentAsync(paymentId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pay_FirstNodeDown_PaidThroughTheSecond_TheFirstReportsItOnceBack()
    {
        Nodes.Kill(0);
        var down = Nodes[0].BaseUrl;
        using var pos = fixture.Host.Start(down, "mono-2n-down", "async", fallback: Nodes[1].BaseUrl);
        var (paymentId, _, _) = await pos.QrAsync();
        var transactionId = (await Nodes.Client(1).GetPaymentAsync(paymentId)).GetProperty("transactionId").GetString()!;

        await fixture.Emulator.ActAsync(transactionId, "pay");
        var result = await pos.ResultAsync();
        await Nodes.RestartAsync(0);

        Assert.Equal(new PosResult("Paid", "", paymentId, "Оплачено"), result);
        Assert.Equal("paid", (await Nodes.Client(0).GetPaymentAsync(paymentId)).GetProperty("status").GetString());
    }
}
