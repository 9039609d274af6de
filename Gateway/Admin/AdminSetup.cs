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

    /// <summary>Call after AddWebMoney and AddJournal: the history wraps the WebMoney client factory registered by then.</summary>
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PaymentHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentHistory>());
        services.AddSingleton<IPaymentObserver, HistoryObserver>();
        services.AddSingleton<PaymentRecheck>();
        DecorateWebMoneyClients(services);
        services.ConfigureSwaggerGen(o => o.OperationFilter<AdminSwaggerExamples>());
        return builder;
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.UseMiddleware<CancelRequestRecorder>();
        app.MapGet(PagePath, AdminPage.Serve).ExcludeFromDescription();
        app.MapAdminApi();
        return app;
    }

    /// <summary>
    /// Replaces the registered factory (whatever it is: the WCF one, a test's, another decorator) by the history
    /// decorator around it. Self-contained: it needs nothing from the other registration but its descriptor.
    /// </summary>
    private static void DecorateWebMoneyClients(IServiceCollection services)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IWebMoneyClientFactory) && !d.IsKeyedService);
        if (descriptor is null)
        {
            return;
        }
        services.Remove(descriptor);
        Func<IServiceProvider, IWebMoneyClientFactory> inner = descriptor switch
        {
            { ImplementationInstance: IWebMoneyClientFactory instance } => _ => instance,
            { ImplementationFactory: { } factory } => sp => (IWebMoneyClientFactory)factory(sp),
            { ImplementationType: { } type } => RegisterConcrete(services, type),
            _ => throw new InvalidOperationException("Unsupported IWebMoneyClientFactory registration."),
        };
        services.AddSingleton<IWebMoneyClientFactory>(sp => new HistoryWebMoneyClientFactory(
            inner(sp), sp.GetRequiredService<PaymentHistory>(), sp.GetRequiredService<TimeProvider>()));
    }

    private static Func<IServiceProvider, IWebMoneyClientFactory> RegisterConcrete(IServiceCollection services, Type type)
    {
        // The concrete type as a singleton of its own, so the container still creates and disposes it.
        services.AddSingleton(type);
        return sp => (IWebMoneyClientFactory)sp.GetRequiredService(type);
    }
}

/// <summary>
/// Records «Кассир отменил» in the history when POST /payments/{id}/cancel reaches a pending payment: the cancel
/// itself shows only as its WebMoney calls and the final state. Runs after the security middleware.
/// </summary>
internal sealed class CancelRequestRecorder(RequestDelegate next, IPaymentStore journal, PaymentHistory history, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && request.Path.StartsWithSegments("/payments", StringComparison.OrdinalIgnoreCase, out var rest)
            && rest.Value is { } tail && tail.EndsWith("/cancel", StringComparison.OrdinalIgnoreCase)
            && tail.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var id, _])
        {
            var entry = await journal.GetAsync(id, context.RequestAborted);
            if (entry is { Payment.IsFinal: false } or { Payment.Unresolved: true })
            {
                history.Record(new PaymentEvent(id, null, time.GetUtcNow(), PaymentEventKinds.CancelRequested, HistoryTexts.CancelRequested));
            }
        }
        await next(context);
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
