using System.Diagnostics;
using System.IdentityModel.Selectors;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.ServiceModel;
using System.ServiceModel.Security;
using WebMoneyContract;
using WebMoneyEmulator;

namespace Bench;

/// <summary>
/// The WebMoney emulator, in the bench's process, on loopback with a settings bundle the gateway reads
/// (TimeoutSeconds raised and the QR lifetime long, so payments stay pending through B3).
/// </summary>
internal sealed class EmulatorRig : IAsyncDisposable
{
    public const int TimeoutSeconds = 3600;

    private EmulatorRig(EmulatorHost host, string directory)
    {
        Host = host;
        Directory = directory;
    }

    public EmulatorHost Host { get; }

    public string Directory { get; }

    public static async Task<EmulatorRig> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lpg-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var host = await EmulatorHost.StartAsync(new EmulatorHostOptions
        {
            BundleDirectory = directory,
            QrLifetime = TimeSpan.FromHours(2),
        });
        var settings = host.Bundle.SettingsFilePath;
        var lines = File.ReadAllLines(settings)
            .Select(l => l.StartsWith("TimeoutSeconds=", StringComparison.Ordinal) ? $"TimeoutSeconds={TimeoutSeconds}" : l);
        File.WriteAllText(settings, string.Join('\n', lines) + "\n");
        return new EmulatorRig(host, directory);
    }

    /// <summary>Arguments that start Gateway.dll in Production against this emulator, with its own temp data directory.</summary>
    public IEnumerable<string> GatewayArgs(string dataDirectory, params string[] extra) =>
        [
            "--environment", "Production",
            $"--Gateway:SettingsDirectory={Directory}",
            $"--Gateway:DataDirectory={dataDirectory}",
            // The flood limiter (Security:*) is shop policy, not capacity: lifted so the bench measures the gateway.
            "--Security:RequestsPerSecond=1000000", "--Security:Burst=1000000",
            "--Security:ConcurrentRequests=10000", "--Security:QueueLength=10000", "--Security:LongPollConcurrency=100000",
            .. extra,
        ];

    /// <summary>Gateway.dll in Production against this emulator with the shop's default limits (B7: the gateway as shipped).</summary>
    public IEnumerable<string> ProductionArgs(string dataDirectory) =>
        ["--environment", "Production", $"--Gateway:SettingsDirectory={Directory}", $"--Gateway:DataDirectory={dataDirectory}"];

    /// <summary>A WCF factory built like the gateway's (BasicHttpsBinding, client certificate, pinned server certificate).</summary>
    public ChannelFactory<IPosApiService> CreateRawFactory()
    {
        var binding = new BasicHttpsBinding(BasicHttpsSecurityMode.Transport) { MaxReceivedMessageSize = 1024 * 1024 };
        binding.Security.Transport.ClientCredentialType = HttpClientCredentialType.Certificate;
        var factory = new ChannelFactory<IPosApiService>(binding, new EndpointAddress(Host.Endpoint));
        factory.Credentials.ClientCertificate.Certificate = Host.Bundle.LoadClientCertificate();
        factory.Credentials.ServiceCertificate.SslCertificateAuthentication = new X509ServiceCertificateAuthentication
        {
            CertificateValidationMode = X509CertificateValidationMode.Custom,
            CustomCertificateValidator = new Pinned(Host.Bundle.LoadServerCertificate().Thumbprint),
            RevocationMode = X509RevocationMode.NoCheck,
        };
        return factory;
    }

    public CreateQrPaymentRequest SignedCreate(string externalId)
    {
        var b = Host.Bundle;
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var request = new CreateQrPaymentRequest
        {
            AgentId = b.AgentId, PosNumber = b.PosNumber, Wmid = b.Wmid, CrsId = b.CrsId,
            RequestTime = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc),
            ExternalId = externalId, PaymentSystem = WirePaymentSystem.Sbp, Amount = 100.00m, Currency = "RUB",
        };
        request.Signature = PosApi.Sign(b.AgentKey, PosApi.CanonicalString(request));
        return request;
    }

    public ValueTask DisposeAsync()
    {
        var done = Host.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        return done;
    }

    private sealed class Pinned(string thumbprint) : X509CertificateValidator
    {
        public override void Validate(X509Certificate2 certificate)
        {
            if (!string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                throw new SecurityTokenValidationExceptionShim();
            }
        }
    }

    private sealed class SecurityTokenValidationExceptionShim() : Exception("server certificate does not match the pin");
}

/// <summary>Starts the gateway (Release Gateway.dll) as its own process on a temp data directory.</summary>
internal sealed class GatewayRun : IAsyncDisposable
{
    private readonly string _data;

    private GatewayRun(Child child, string data, HttpClient http)
    {
        Process = child;
        _data = data;
        Http = http;
    }

    public Child Process { get; }

    public HttpClient Http { get; }

    public string Url => Process.BaseUrl;

    public double ReadySeconds { get; private set; }

    public static async Task<GatewayRun> StartAsync(RepoPaths paths, EmulatorRig rig, Action<string>? onLine, params string[] extra)
    {
        var data = Path.Combine(Path.GetTempPath(), "lpg-bench-data-" + Guid.NewGuid().ToString("N")[..8]);
        var child = Child.Start(paths.GatewayDll, Net.FreePort(), rig.GatewayArgs(data, extra), onLine ?? (Environment.GetEnvironmentVariable("BENCH_ECHO") is null ? null : Console.WriteLine));
        var http = Load.NewClient(256);
        var run = new GatewayRun(child, data, http);
        run.ReadySeconds = await child.WaitAnswerAsync(http, "/health/ready", s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A closed-loop load: N workers each repeat an operation as fast as it answers.</summary>
internal static class Load
{
    public static HttpClient NewClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AllowAutoRedirect = false,
    })
    { Timeout = TimeSpan.FromSeconds(60) };

    public sealed record Result(long Ok, long Failed, double Seconds, List<double> LatenciesMs, string? FirstError)
    {
        public double PerSecond => Ok / Seconds;
    }

    public static Result Combine(IReadOnlyList<Result> rounds) => new(
        rounds.Sum(r => r.Ok), rounds.Sum(r => r.Failed), rounds.Sum(r => r.Seconds),
        rounds.SelectMany(r => r.LatenciesMs).ToList(), rounds.Select(r => r.FirstError).FirstOrDefault(e => e is not null));

    public static async Task<Result> RunAsync(int workers, TimeSpan warmup, TimeSpan measure, Func<int, long, Task<bool>> operation)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(measure.TotalSeconds * Stopwatch.Frequency);
        long ok = 0, failed = 0;
        string? firstError = null;
        var latencies = new List<double>[workers];
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(1 << 14);
            for (long i = 0; ; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= end)
                {
                    return;
                }
                bool success;
                try
                {
                    success = await operation(w, i);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or CommunicationException or TimeoutException)
                {
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    success = false;
                }
                if (t0 >= measureFrom)
                {
                    if (success)
                    {
                        Interlocked.Increment(ref ok);
                        mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return new Result(ok, failed, measure.TotalSeconds, latencies.SelectMany(l => l).ToList(), firstError);
    }
}
