using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerDisplay;
using Gateway.Display;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Display;

/// <summary>
/// The display hub is mapped on the first request for it (SignalR's 1 s heartbeat waits for a display, bench B7),
/// and a display still connects, subscribes and gets its pushes, on either listener.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class DisplayHubOnDemandTests(ChromiumFixture browser)
{
    [Fact]
    public async Task AtRest_TheHubIsNotMapped_APageThatOpensMapsItAndShowsThePayment()
    {
        await using var gateway = DisplayHarness.Start();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var health = await http.GetAsync("/health/live");
        using var page = await http.GetAsync("/display?terminal=OD1");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(OnDemand(gateway).Mapped, "the hub (and its heartbeat) came up without a display");

        var display = new DisplayPage(browser);
        display.Open(gateway.PageUrl("OD1"));
        display.WaitConnected(seconds: 15);
        await gateway.CommitAsync(TestPayments.Awaiting("OD1", amount: 700m));
        display.WaitPhase("awaiting");

        Assert.True(OnDemand(gateway).Mapped);
        Assert.Equal("700,00 ₽", display.Text("amount"));
    }

    [Fact]
    public async Task TwoClientsAtOnce_OnAFreshGateway_BothSubscribeAndGetThePush()
    {
        await using var gateway = DisplayHarness.Start();
        var first = Connect(gateway.BaseAddress);
        var second = Connect(gateway.BaseAddress);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        var pushed = new TaskCompletionSource<DisplaySnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.On<DisplaySnapshot>(nameof(IDisplayClient.Snapshot), s => pushed.TrySetResult(s));
        await first.InvokeAsync<DisplaySnapshot>(nameof(DisplayHub.Subscribe), "OD2");
        await second.InvokeAsync<DisplaySnapshot>(nameof(DisplayHub.Subscribe), "OD2");

        await gateway.CommitAsync(TestPayments.Awaiting("OD2", amount: 55m));
        var snapshot = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(55m, snapshot.Amount);
        Assert.Equal(HubConnectionState.Connected, first.State);
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task OnTheLanListener_TheHubIsMappedOnDemandToo_AndAnUnknownHubPathIs404()
    {
        await using var gateway = DisplayHarness.StartWithLanListener();
        using var http = new HttpClient();
        using var unknown = await http.GetAsync(new Uri(gateway.BaseAddress, DisplayHub.Path + "/nothing-here"));
        var lan = Connect(gateway.DisplayUrl());
        await lan.StartAsync();
        var current = await lan.InvokeAsync<DisplaySnapshot>(nameof(DisplayHub.Subscribe), "OD3");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("OD3", current.TerminalId);
        await lan.DisposeAsync();
    }

    private static DisplayHubOnDemand OnDemand(GatewayHarness gateway) => gateway.Services.GetRequiredService<DisplayHubOnDemand>();

    private static HubConnection Connect(Uri baseUrl) => new HubConnectionBuilder()
        .WithUrl(new Uri(baseUrl, DisplayHub.Path))
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
        .Build();
}
