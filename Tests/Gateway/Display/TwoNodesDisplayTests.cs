using Npgsql;
using Tests.Support;

namespace Tests.Gateway.Display;

/// <summary>
/// SPEC §6 and §14 across nodes, in a real Chromium: the display page connected to node B shows a payment node A works
/// (two real gateway processes on one PostgreSQL database, <see cref="GatewayNodes"/>); B only hears of it through
/// LISTEN/NOTIFY.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class TwoNodesDisplayTests(ChromiumFixture browser, EmulatorFixture emulator, PostgresDatabase database)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    private readonly DisplayPage _page = new(browser);

    [Fact]
    public async Task DisplayOnNodeB_ShowsTheQrOfAPaymentNodeAWorks_ThenItsEndWhenTheCustomerPays()
    {
        using var nodes = new GatewayNodes(emulator, database.ConnectionString);
        await nodes.StartTogetherAsync(2);
        _page.Open(nodes[1].Url("/display?terminal=two-nodes").ToString());
        _page.WaitPhase("idle");

        var payment = await nodes.Client(0).PostPaymentAsync("two-nodes", 1234.50m);
        _page.WaitPhase("awaiting", 20);
        var shownPayload = _page.QrPayload;
        var shownQr = _page.QrSize();
        var shownAmount = _page.Text("amount");
        var worker = await LeaseOwnerAsync(payment.GetProperty("id").GetString()!);
        emulator.Host.Pay(payment.GetProperty("transactionId").GetString()!, out _);
        _page.WaitPhase("paid", 20);

        Assert.Equal("node-A", worker);
        Assert.Equal(payment.GetProperty("qr").GetProperty("payload").GetString(), shownPayload);
        Assert.NotNull(shownQr);
        Assert.Equal("1 234,50 ₽", shownAmount);
        Assert.Contains("Оплачено", _page.Text("paid"), StringComparison.Ordinal);
    }

    private async Task<string?> LeaseOwnerAsync(string id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT lease_owner FROM payments WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as string;
    }
}
