using Gateway.Display;
using Gateway.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Gateway.Display;

/// <summary>
/// The real gateway (Program) on Kestrel at 127.0.0.1, with an in-memory payment store standing in for the
/// journal; tests "commit" a payment by storing it and telling the observers, as the payments core does.
/// </summary>
public sealed class DisplayGateway : IAsyncDisposable
{
    /// <summary>The server's clock: far from the device clock, so pages that used the device clock would be visibly wrong.</summary>
    public static readonly DateTimeOffset ServerStart = new(2031, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly Factory _factory;
    private readonly string _dataDirectory;

    private DisplayGateway(Factory factory, string dataDirectory, InMemoryPayments payments, FakeTimeProvider time)
    {
        _factory = factory;
        _dataDirectory = dataDirectory;
        Payments = payments;
        Time = time;
    }

    public InMemoryPayments Payments { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The main (API) listener.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The LAN display listener, when Gateway:DisplayUrls was given.</summary>
    public Uri? DisplayUrl { get; private set; }

    public IServiceProvider Services => _factory.Services;

    public static Task<DisplayGateway> StartAsync(int port = 0, string? displayUrls = null,
        IReadOnlyDictionary<string, string?>? settings = null, InMemoryPayments? payments = null, FakeTimeProvider? time = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lpg-display-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var all = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["AllowedHosts"] = "localhost;127.0.0.1;[::1]",
            ["Gateway:DataDirectory"] = dataDirectory,
            ["Gateway:SettingsDirectory"] = dataDirectory,
            ["Gateway:DisplayUrls"] = displayUrls,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        payments ??= new InMemoryPayments();
        time ??= new FakeTimeProvider(ServerStart);
        var factory = new Factory(all, payments, time);
        factory.UseKestrel();
        factory.StartServer();
        var gateway = new DisplayGateway(factory, dataDirectory, payments, time);
        gateway.FindUrls();
        return Task.FromResult(gateway);
    }

    /// <summary>As the payments core does after a journal commit: store, then tell every observer.</summary>
    public async Task CommitAsync(Payment payment)
    {
        Payments.Set(payment);
        foreach (var observer in Services.GetServices<IPaymentObserver>())
        {
            await observer.OnPaymentChangedAsync(payment, CancellationToken.None);
        }
    }

    public string PageUrl(string terminalId) => new Uri(BaseUrl, $"/display?terminal={terminalId}").ToString();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing handle; the temp directory is cleaned by the OS eventually.
        }
    }

    private void FindUrls()
    {
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).ToList();
        var displayPorts = Services.GetRequiredService<DisplayListener>().EndPoints.Select(e => e.Port).ToHashSet();
        BaseUrl = addresses.First(a => !displayPorts.Contains(a.Port));
        DisplayUrl = addresses.FirstOrDefault(a => displayPorts.Contains(a.Port));
    }

    private sealed class Factory(Dictionary<string, string?> settings, InMemoryPayments payments, FakeTimeProvider time)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Not Development: no sandbox emulator is started for these tests.
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureLogging(logging => logging.ClearProviders());
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IPaymentQueries>(payments);
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IStartupFilter, PingEndpoint>();
            });
        }
    }

    /// <summary>A stand-in for "any API endpoint": answers /test/ping wherever the gateway lets it through.</summary>
    private sealed class PingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // After the app's pipeline, like any endpoint the app maps: whatever gates the app applies run first.
            next(app);
            app.Use((context, nextMiddleware) => context.Request.Path == "/test/ping"
                ? context.Response.WriteAsync("pong")
                : nextMiddleware(context));
        };
    }
}

public sealed class InMemoryPayments : IPaymentQueries
{
    private readonly Dictionary<string, Payment> _byId = [];

    public void Set(Payment payment)
    {
        lock (_byId)
        {
            _byId[payment.Id] = payment;
        }
    }

    public Task<Payment?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_byId)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    public Task<Payment?> GetLatestForTerminalAsync(string terminalId, CancellationToken cancellationToken)
    {
        lock (_byId)
        {
            var mine = _byId.Values.Where(p => p.TerminalId == terminalId).ToList();
            return Task.FromResult(mine.FirstOrDefault(p => !p.IsFinal) ?? mine.MaxBy(p => p.CreatedAt));
        }
    }
}

/// <summary>Payments as the core would commit them.</summary>
public static class TestPayments
{
    public static Payment Awaiting(string terminalId, PaymentSystem system = PaymentSystem.Sbp, decimal amount = 1234.50m,
        bool sandbox = false, string? id = null)
    {
        id ??= "pay-" + Guid.NewGuid().ToString("N")[..12];
        return new Payment
        {
            Id = id,
            Status = PaymentStatus.Pending,
            TerminalId = terminalId,
            Amount = amount,
            PaymentSystem = system,
            QrPayload = system switch
            {
                PaymentSystem.WeChat => "weixin://wxpay/bizpayurl?pr=" + id,
                PaymentSystem.Alipay => "https://qr.alipay.com/" + id,
                PaymentSystem.WebMoney => "wmk:payto?id=" + id,
                _ => "https://qr.nspk.ru/AS1000" + id,
            },
            CreatedAt = DisplayGateway.ServerStart,
            Deadline = DisplayGateway.ServerStart.AddMinutes(3),
            Sandbox = sandbox,
            Version = 2,
        };
    }

    public static Payment Paid(Payment payment, DateTimeOffset completedAt) =>
        payment with { Status = PaymentStatus.Paid, CompletedAt = completedAt, Version = payment.Version + 1 };

    public static Payment Declined(Payment payment, DateTimeOffset completedAt, string message) =>
        payment with
        {
            Status = PaymentStatus.Declined,
            CompletedAt = completedAt,
            Error = new PaymentError(PaymentErrorCodes.Declined, message),
            Version = payment.Version + 1,
        };
}

/// <summary>One gateway shared by a test class (tests use distinct terminals).</summary>
public class DisplayGatewayFixture : IAsyncLifetime
{
    public DisplayGateway Gateway { get; private set; } = null!;

    protected virtual Task<DisplayGateway> StartAsync() => DisplayGateway.StartAsync();

    public async Task InitializeAsync() => Gateway = await StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>A gateway with a LAN display listener on 127.0.0.1:0 and a LAN host name.</summary>
public sealed class LanDisplayGatewayFixture : DisplayGatewayFixture
{
    protected override Task<DisplayGateway> StartAsync() =>
        DisplayGateway.StartAsync(
            displayUrls: "http://127.0.0.1:0",
            settings: new Dictionary<string, string?> { ["Display:LanHosts"] = "kassa-display.lan" });
}
