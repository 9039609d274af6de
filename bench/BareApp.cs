namespace Bench;

/// <summary>
/// The yardstick: a bare minimal-API app (no middleware, no journal) answering a constant JSON body of the
/// same shape and size as a payment (serialised once at start), plus a /health/ready that just says 200. Run as its own process.
/// </summary>
internal static class BareApp
{
    public static void Run(string[] args)
    {
        // Content root beside the dll, as the gateway's: the default (the working directory, the repository) would have
        // the configuration file watcher wake the bare app for every file a build writes under it (B7).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // As in the gateway's appsettings.json: without it, ASP.NET Core logs two lines per request.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var app = builder.Build();
        var payment = new BarePayment("0f8fad5bd9cb469fa16570867728950e", "pending", "t1", null, null, 100.00m, "RUB", "sbp", 5,
            "TX0123456789", new BareQr("https://qr.nspk.ru/AS1000670LSS7DN18SJQDNP4B05KLJL2?type=01&bank=100000000001&sum=10000&cur=RUB&crc=C08B",
                "/payments/0f8fad5bd9cb469fa16570867728950e/qr.svg", "/payments/0f8fad5bd9cb469fa16570867728950e/qr.png"),
            TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow().AddMinutes(3), null, null, false);
        // Serialised once: the yardstick is routing plus writing the bytes, the least any endpoint can do.
        var json = System.Text.Json.JsonSerializer.Serialize(payment, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        app.MapGet("/bare/{id}", (string id) => TypedResults.Text(json, "application/json; charset=utf-8"));
        app.MapGet("/health/ready", () => TypedResults.Ok("ready"));
        app.Run();
    }
}

internal sealed record BareQr(string Payload, string SvgUrl, string PngUrl);

internal sealed record BarePayment(string Id, string Status, string TerminalId, string? ReceiptId, string? Description, decimal Amount,
    string Currency, string PaymentSystem, int? PaymentTypeCode, string? TransactionId, BareQr? Qr, DateTimeOffset CreatedAt,
    DateTimeOffset Deadline, DateTimeOffset? CompletedAt, object? Error, bool Sandbox);
