using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tests.Support;

/// <summary>The two-node rig itself: two real processes on one database answer for each other's payments.</summary>
public sealed class GatewayNodesTests(EmulatorFixture emulator, PostgresDatabase database)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task TwoNodes_PaymentCreatedOnA_ReadThroughB()
    {
        using var nodes = new GatewayNodes(emulator, database.ConnectionString);
        await nodes.StartAsync(2);

        var (id, _) = await nodes.Client(0).CreatePaymentAsync("nodes-rig");
        var read = await nodes.Client(1).GetAsync($"/payments/{id}");

        Assert.NotEqual(nodes[0].BaseUrl, nodes[1].BaseUrl);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("pending", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}
