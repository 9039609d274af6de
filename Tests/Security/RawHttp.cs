using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Tests.Security;

/// <summary>HTTP/1.x written by hand over a socket: any Host header (or none), as an attacker's page or program would send.</summary>
public static class RawHttp
{
    /// <summary>Sends the request text and returns the status code of the answer's first line.</summary>
    public static async Task<int> StatusAsync(Uri server, string requestText)
    {
        var answer = await SendAsync(server, requestText);
        var firstLine = answer.Split("\r\n", 2)[0];
        return int.Parse(firstLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string> SendAsync(Uri server, string requestText)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        using var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requestText), timeout.Token);
        var buffer = new byte[8192];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    public static string Get(string path, string? host) =>
        $"GET {path} HTTP/1.1\r\n{(host is null ? "" : $"Host: {host}\r\n")}Connection: close\r\n\r\n";
}

/// <summary>
/// Makes the request look as if it came from the address in <c>X-Test-Remote</c> (a LAN peer): a test cannot
/// open a connection from another computer, so the connection's remote address is set before the gateway's pipeline.
/// </summary>
public sealed class RemoteAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Remote";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[Header].ToString() is { Length: > 0 } address)
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
