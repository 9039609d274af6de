using System.Net;
using System.Net.Sockets;

namespace Tests.Reliability;

/// <summary>
/// A loopback TCP relay in front of the emulator's HTTPS port (TLS passes through untouched). While
/// <see cref="HoldAnswers"/> is set, requests still reach WebMoney but its answers are swallowed: the state
/// "WebMoney did it, the gateway never heard back" on demand. <see cref="Sends"/> counts what the gateway sent.
/// </summary>
public sealed class HoldingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public HoldingProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public volatile bool HoldAnswers;

    private int _sends;

    /// <summary>Each burst of bytes the gateway wrote towards WebMoney (a request; an idle connection writes nothing).</summary>
    public int Sends => Volatile.Read(ref _sends);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            var up = Pump(client.GetStream(), server.GetStream(), hold: false);
            var down = Pump(server.GetStream(), client.GetStream(), hold: true);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
        }
    }

    private async Task Pump(Stream from, Stream to, bool hold)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                if (!hold)
                {
                    Interlocked.Increment(ref _sends);
                }
                if (!(hold && HoldAnswers))
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
