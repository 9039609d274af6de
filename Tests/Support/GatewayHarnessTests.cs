using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tests.Support;

/// <summary>The harness itself: what the tests built on it rely on (a restart keeps port, journal and clock).</summary>
public sealed class GatewayHarnessTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task RestartAsync_SamePortJournalAndClock_PendingPaymentStillThere_DirectoriesGoneAfterDispose()
    {
        var first = new GatewayHarness { CrashOnStop = true }.UseEmulator(emulator).UseTime().ListenOn();
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        var created = await http.PostAsJsonAsync("/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "harness-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var second = await first.RestartAsync();
        await using (second)
        {
            Assert.Equal(first.Port, second.Port);
            Assert.Same(first.Time, second.Time);
            var payment = await http.GetFromJsonAsync<JsonElement>($"/payments/{id}");
            Assert.Equal("pending", payment.GetProperty("status").GetString());
            Assert.True(Directory.Exists(second.Data.Path));
        }

        Assert.False(Directory.Exists(second.Data.Path));
    }

    [Fact]
    public async Task StopAsync_KeepsTheDirectoriesForASuccessor_ADisposeWithoutOneRemovesThem()
    {
        var gateway = new GatewayHarness { CrashOnStop = true }.UseScriptedWebMoney().Start();

        await gateway.StopAsync();
        Assert.True(Directory.Exists(gateway.Data.Path));

        await gateway.DisposeAsync();
        Assert.False(Directory.Exists(gateway.Data.Path));
    }
}
