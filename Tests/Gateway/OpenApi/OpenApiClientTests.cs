using Gateway.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Tests.Gateway.Settings;
using Tests.OpenApiClient;
using Tests.Support;

namespace Tests.Gateway.OpenApi;

/// <summary>
/// A POS vendor's view: a client NSwag generated from the OpenAPI document (Tests.csproj, GenerateOpenApiClient)
/// pays a sandbox payment against the real gateway and its sandbox emulator.
/// </summary>
public sealed class OpenApiClientTests : IDisposable
{
    private readonly TestSettingsDirectory _empty = new(withFiles: false);

    public void Dispose() => _empty.Dispose();

    [Fact]
    public async Task GeneratedClient_PaysASandboxPayment_WithThePaymentTypeCodeItListed()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path);
        using var http = harness.CreateClient();
        var client = new LocalPayApiClient(http);

        var types = await client.GetPaymentTypesAsync(CancellationToken.None);
        var sbp = Assert.Single(types, t => t.PaymentSystem == PaymentSystem.Sbp);
        // The document names the Idempotency-Key header, so the generated client can send it.
        var created = await client.CreatePaymentAsync("openapi-client-1", new CreatePaymentRequest
        {
            Amount = 250.50, // a plain JSON number: NSwag's command line makes it double (docs/operations.md)
            PaymentTypeCode = sbp.PaymentTypeCode,
            ReceiptId = "openapi-client",
            TerminalId = "openapi",
        }, CancellationToken.None);
        harness.Services.GetRequiredService<SandboxEmulator>().Host!.Pay(created.TransactionId!, out _);
        var payment = created;
        for (var i = 0; i < 6 && payment.Status == PaymentStatus.Pending; i++)
        {
            payment = await client.GetPaymentAsync(created.Id, waitSeconds: 10, CancellationToken.None);
        }

        Assert.NotNull(sbp.PaymentTypeCode);
        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.StartsWith("https://qr.nspk.ru/", created.Qr!.Payload, StringComparison.Ordinal);
        Assert.True(created.Sandbox);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Null(payment.Error);
        Assert.Equal(250.50, payment.Amount);
    }

    [Fact]
    public async Task GeneratedClient_GetsTheQrImagesAndTheCsvAsFiles_AndRefundsWithAnIdempotencyKey()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path);
        using var http = harness.CreateClient();
        var client = new LocalPayApiClient(http);
        var created = await client.CreatePaymentAsync(null, new CreatePaymentRequest { Amount = 10.07, PaymentSystem = "sbp", TerminalId = "openapi-2" });
        harness.Services.GetRequiredService<SandboxEmulator>().Host!.Pay(created.TransactionId!, out _);
        var paid = created;
        for (var i = 0; i < 6 && paid.Status == PaymentStatus.Pending; i++)
        {
            paid = await client.GetPaymentAsync(created.Id, waitSeconds: 10, CancellationToken.None);
        }

        using var png = await client.GetQrPngAsync(created.Id, scale: 2, CancellationToken.None);
        using var svg = await client.GetQrSvgAsync(created.Id, CancellationToken.None);
        using var csv = await client.GetDailyReportCsvAsync("2026-11-28", null, CancellationToken.None);
        var refund = await client.CreateRefundAsync(created.Id, "openapi-refund-1", new CreateRefundRequest { Amount = 1.07 }, CancellationToken.None);
        var again = await client.CreateRefundAsync(created.Id, "openapi-refund-1", new CreateRefundRequest { Amount = 1.07 }, CancellationToken.None);

        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], await FirstBytesAsync(png.Stream, 4));
        Assert.Contains("<svg", await new StreamReader(svg.Stream).ReadToEndAsync(), StringComparison.Ordinal);
        Assert.Contains(csv.Headers["Content-Disposition"], h => h.Contains("daily-2026-11-28.csv", StringComparison.Ordinal));
        Assert.Equal(1.07, refund.Amount);
        Assert.Equal(refund.Id, again.Id);
    }

    private static async Task<byte[]> FirstBytesAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    [Fact]
    public async Task GeneratedClient_AnUnknownPayment_ThrowsTheApiExceptionWithItsStatus()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path);
        using var http = harness.CreateClient();
        var client = new LocalPayApiClient(http);

        var error = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.GetPaymentAsync("nope", null, CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("payment_not_found", error.Result.AdditionalProperties["code"]?.ToString());
    }
}
