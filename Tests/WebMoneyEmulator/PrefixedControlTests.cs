using System.Net.Http.Json;
using System.Text.Json;
using Gateway.WebMoney;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.WebMoneyEmulator;

/// <summary>The control API and page mapped by another host (as the gateway's sandbox does) under a prefix.</summary>
public sealed class PrefixedControlTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    [Fact]
    public async Task MapEmulatorControl_UnderPrefix_ServesPageAndActionsThere()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapEmulatorControl(emulator.Host, "/sandbox/");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var created = await emulator.Client.CreateQrPaymentAsync(
            new CreateQrCommand(Guid.NewGuid().ToString("N"), WirePaymentSystem.WebMoney, 12m, "RUB", null), TimeSpan.FromSeconds(10), CancellationToken.None);
        var id = Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value.TransactionId;

        var page = await http.GetStringAsync("/sandbox/");
        var paid = await http.PostAsync($"/sandbox/emulator/transactions/{id}/pay", null);

        Assert.Contains("const base = \"/sandbox\";", page);
        paid.EnsureSuccessStatusCode();
        Assert.Equal(WireStatus.Paid, (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}
