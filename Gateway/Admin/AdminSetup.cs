using Gateway.History;
using Gateway.Payments;
using Gateway.WebMoney;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// The admin console (SPEC §12, docs/admin.md): the page <c>/admin</c> (static HTML + JS over the JSON API), the
/// payment history, and the endpoints the page needs beyond the existing API.
/// </summary>
public static class AdminSetup
{
    public const string PagePath = "/admin";

    /// <summary>The history observes the WebMoney calls through the one hook (<see cref="IWebMoneyCallObserver"/>): any order of the AddX() calls.</summary>
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PaymentHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentHistory>());
        services.AddSingleton<IPaymentObserver, HistoryObserver>();
        services.AddSingleton<PaymentRecheck>();
        services.AddSingleton<IWebMoneyCallObserver, HistoryCallObserver>();
        services.ConfigureSwaggerGen(o => o.OperationFilter<AdminSwaggerExamples>());
        return builder;
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapGet(PagePath, AdminPage.Serve).ExcludeFromDescription();
        app.MapAdminApi();
        return app;
    }
}

/// <summary>The page itself: one static HTML file; it holds no data, so it needs no API key (its fetches do).</summary>
internal static class AdminPage
{
    public static IResult Serve(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        // Same-origin scripts only, never framed (clickjacking), no referrer leaking ids to elsewhere.
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        var path = Path.Combine(AppContext.BaseDirectory, "wwwroot", "admin", "admin.html");
        return TypedResults.PhysicalFile(path, "text/html; charset=utf-8");
    }
}
