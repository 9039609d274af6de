using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SoapCore;
using WebMoneyContract;
using WebMoneyEmulator.Bundle;
using WebMoneyEmulator.Control;
using WebMoneyEmulator.Soap;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator;

/// <summary>
/// A running WebMoney emulator: the SOAP service (HTTPS, mutual TLS with the bundle's client certificate)
/// on one listener and the control API + demo page (plain HTTP) on another. Start it with
/// <see cref="StartAsync"/>, read the actual urls from <see cref="SoapUrl"/> / <see cref="ControlUrl"/>
/// (real ports even when started on port 0), point a client at <see cref="Bundle"/>, dispose it to stop.
/// Thread-safe; the control methods here do what the control API does.
/// </summary>
public sealed partial class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _soap;
    private readonly WebApplication _control;
    private readonly EmulatorState _state;
    private readonly X509Certificate2 _serverCertificate;

    private EmulatorHost(WebApplication soap, WebApplication control, EmulatorState state, X509Certificate2 serverCertificate)
    {
        _soap = soap;
        _control = control;
        _state = state;
        _serverCertificate = serverCertificate;
    }

    /// <summary>The SOAP listener's base url (scheme, host, actual port), e.g. <c>https://127.0.0.1:54321/</c>.</summary>
    public Uri SoapUrl { get; private set; } = null!;

    /// <summary>The control listener's base url (actual port); the demo page is at its root.</summary>
    public Uri ControlUrl { get; private set; } = null!;

    /// <summary>The full SOAP endpoint (<see cref="EmulatorBundle.Endpoint"/>).</summary>
    public Uri Endpoint => Bundle.Endpoint;

    /// <summary>The bundle served, its ServerAddress matching <see cref="SoapUrl"/>. Holds secrets: don't log it whole.</summary>
    public EmulatorBundle Bundle => _state.Bundle;

    /// <summary>When set, pending transactions get paid this long after their creation (on the emulator's clock).</summary>
    public TimeSpan? AutoPayAfter
    {
        get => _state.Book.AutoPayAfter;
        set => _state.Book.AutoPayAfter = value;
    }

    /// <summary>How far the emulator's clock runs ahead of the machine's: its RequestTime check, every time it reports, its HTTP Date header.</summary>
    public TimeSpan ClockOffset
    {
        get => _state.ClockOffset;
        set => _state.ClockOffset = value;
    }

    /// <summary>
    /// Writes the bundle if <see cref="EmulatorHostOptions.BundleDirectory"/> holds none (else loads it), starts
    /// both listeners, and rewrites the bundle's ServerAddress line when the SOAP url's actual port differs.
    /// </summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorHostOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BundleDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.QrLifetime, TimeSpan.Zero);
        var soapUri = ParseUrl(options.SoapUrl, Uri.UriSchemeHttps, nameof(options.SoapUrl));
        var controlUri = ParseUrl(options.ControlUrl, Uri.UriSchemeHttp, nameof(options.ControlUrl));

        var directory = Path.GetFullPath(options.BundleDirectory);
        if (EmulatorBundle.Exists(directory))
        {
            BundleTerminals.Write(directory, options.Terminals);
        }

        var bundle = EmulatorBundle.Exists(directory)
            ? BundleFiles.Load(directory)
            : BundleFiles.Create(directory, Authority(soapUri), options.Terminals);
        var serverCertificate = X509CertificateLoader.LoadPkcs12FromFile(bundle.ServerKeyPath, null);
        var state = new EmulatorState(bundle, options.TimeProvider, options.QrLifetime) { Identities = PosIdentities.Of(bundle) };
        var soap = BuildSoapApp(options, soapUri, state, serverCertificate);
        var control = BuildControlApp(options, controlUri);
        var host = new EmulatorHost(soap, control, state, serverCertificate);
        control.MapEmulatorControl(host);
        try
        {
            await soap.StartAsync(ct);
            await control.StartAsync(ct);
            host.SoapUrl = BoundUrl(soap);
            host.ControlUrl = BoundUrl(control);
            state.Bundle = BundleFiles.WithServerAddress(bundle, Authority(host.SoapUrl));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>SOAP calls received per operation (faulted ones included).</summary>
    public IReadOnlyDictionary<string, int> GetStats() => _state.Stats.Snapshot();

    /// <summary>Every transaction, oldest first, with time-driven changes (expiry, auto-pay) applied.</summary>
    public IReadOnlyList<EmulatorTransaction> GetTransactions() => _state.Book.All();

    /// <summary>The customer pays: a pending transaction becomes Paid (PaidAt = the emulator's now).</summary>
    public ControlResult Pay(string transactionId, out EmulatorTransaction? transaction) => _state.Book.Pay(transactionId, out transaction);

    /// <summary>The payment system rejects: a pending transaction becomes Rejected.</summary>
    public ControlResult Decline(string transactionId, out EmulatorTransaction? transaction) => _state.Book.Decline(transactionId, out transaction);

    /// <summary>The QR expires now: a pending transaction becomes Expired.</summary>
    public ControlResult Expire(string transactionId, out EmulatorTransaction? transaction) => _state.Book.Expire(transactionId, out transaction);

    /// <summary>The next <paramref name="count"/> calls of <paramref name="operation"/> (or <c>*</c>) fail as <paramref name="kind"/>.</summary>
    /// <param name="resultCode">For <see cref="FaultKind.Refusal"/>: the result code (1–99, default 30).</param>
    /// <param name="status">For <see cref="FaultKind.UnknownStatus"/>: the status answered (default <c>Frozen</c>).</param>
    public void AddFault(string operation, FaultKind kind, int count = 1, int? resultCode = null, string? status = null)
    {
        if (!FaultQueue.TryParseOperation(operation, out var normalized))
        {
            throw new ArgumentException("Expected CreateQrPayment, GetPaymentStatus, CancelPayment, RefundPayment, GetRefundStatus or *.", nameof(operation));
        }

        _state.Faults.Add(normalized, kind, count, resultCode, status);
    }

    /// <summary>Faults still queued, in the order they will apply.</summary>
    public IReadOnlyList<FaultEntry> GetFaults() => _state.Faults.Snapshot();

    /// <summary>Drops every queued fault.</summary>
    public void ClearFaults() => _state.Faults.Clear();

    /// <summary>Stops both listeners (hung calls are released) and releases the server certificate. The bundle stays on disk.</summary>
    public async ValueTask DisposeAsync()
    {
        await _control.DisposeAsync();
        await _soap.DisposeAsync();
        _serverCertificate.Dispose();
    }

    private static WebApplication BuildSoapApp(EmulatorHostOptions options, Uri url, EmulatorState state, X509Certificate2 serverCertificate)
    {
        var builder = CreateBuilder(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(EndPointOf(url), listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                CheckCertificateRevocation = false,
                // Self-signed, so chain errors are expected: the certificates the bundle issued are accepted, no other.
                ClientCertificateValidation = (certificate, _, _) => state.Identities.ContainsKey(certificate.Thumbprint),
            });
        }));
        builder.Services.AddSingleton(state);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSoapCore();
        // Whatever goes wrong inside, the fault says nothing about it (no stack traces, no secrets).
        builder.Services.AddSoapExceptionTransformer(_ => "Внутренняя ошибка сервера");
        builder.Services.AddSingleton<IPosApiService, PosApiService>();

        var app = builder.Build();
        app.UseMiddleware<FaultMiddleware>();
        ((IEndpointRouteBuilder)app).UseSoapEndpoint<IPosApiService>(
            state.Bundle.ServiceAddress, new SoapEncoderOptions(), SoapSerializer.DataContractSerializer);
        return app;
    }

    private static WebApplication BuildControlApp(EmulatorHostOptions options, Uri url)
    {
        var builder = CreateBuilder(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(EndPointOf(url)));
        return builder.Build();
    }

    // An empty builder: no appsettings, environment or command line of the process hosting the emulator
    // (e.g. the gateway's Kestrel endpoints) leaks into the emulator's listeners.
    private static WebApplicationBuilder CreateBuilder(EmulatorHostOptions options)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(options.TimeProvider);
        if (options.LoggerFactory is { } factory)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        }

        if (options.LoggerProvider is { } provider)
        {
            builder.Logging.AddProvider(provider);
        }

        return builder;
    }

    private static Uri ParseUrl(string url, string scheme, string name)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != scheme)
        {
            throw new ArgumentException($"{name} must be an absolute {scheme} url such as {scheme}://127.0.0.1:0, not '{url}'.", name);
        }

        return uri;
    }

    private static IPEndPoint EndPointOf(Uri url)
    {
        var address = url.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            _ => IPAddress.Parse(url.Host.Trim('[', ']')),
        };
        return new IPEndPoint(address, url.Port);
    }

    private static Uri BoundUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    private static string Authority(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
