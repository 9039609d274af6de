using System.Net;
using System.Net.Sockets;
using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>Clients with quick retries, so failure paths take milliseconds of real time.</summary>
internal static class TestClients
{
    public static LocalPayClientOptions Options(Uri baseAddress, Action<LocalPayClientOptions>? tune = null)
    {
        var options = new LocalPayClientOptions
        {
            BaseAddress = baseAddress,
            TerminalId = "1",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        tune?.Invoke(options);
        return options;
    }

    public static PayRequest Request(decimal amount = 1234.50m, int code = 5) =>
        new() { Amount = amount, PaymentTypeCode = code, ReceiptId = "000123", Description = "Чек 000123" };

    /// <summary>An address where nothing listens: a gateway that is not running refuses the connection.</summary>
    public static Uri ClosedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
    }
}

/// <summary>A POS's client with its side of the wire recorded (<see cref="WireRecorder"/>).</summary>
internal sealed class PosClient : IDisposable
{
    private readonly HttpClient http;

    /// <param name="inner">A fault between the POS and the gateway (<see cref="LosingHandler"/>, <see cref="AnswerRewriter"/>).</param>
    public PosClient(Uri gateway, Action<LocalPayClientOptions>? tune = null, HttpMessageHandler? inner = null)
    {
        Wire = new WireRecorder(inner);
        http = new HttpClient(Wire);
        Client = new LocalPayClient(TestClients.Options(gateway, tune), http);
    }

    public WireRecorder Wire { get; }

    public LocalPayClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        http.Dispose();
    }
}
