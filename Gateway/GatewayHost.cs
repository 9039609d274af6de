using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Security;

namespace Gateway;

/// <summary>Cross-cutting host setup: options, JSON, ProblemDetails, Swagger, the security defences (docs/security.md).</summary>
public static class GatewayHost
{
    public static WebApplicationBuilder AddGatewayHost(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new JsonTime());
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddDefaultCode);
        // A query value that does not bind becomes an exception in every environment, so one handler turns it
        // into a validation problem naming the parameter.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddGatewaySecurity();
        builder.Services.AddExceptionHandler<UnexpectedExceptionHandler>();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new() { Title = "LocalPayGateway", Version = "v1",
                Description = "QR payments through WebMoney (СБП, WebMoney, WeChat Pay, Alipay) for the POS «Кассир». "
                    + "Every error is application/problem+json with a machine-readable `code`." });
            var xml = Path.Combine(AppContext.BaseDirectory, "Gateway.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
            o.OperationFilter<SwaggerExamples>();
        });
        return builder;
    }

    public static WebApplication UseGatewayHost(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Bad input is the client's mistake, not an error of ours: no error log line for it.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        app.UseGatewaySecurity();
        app.UseMiddleware<OpenApi.UnknownMemberGuard>(); // after the body limit: JSON bodies hold only the documented members
        // Only under /swagger: Swashbuckle's middleware asks for the document generator on every request it sees, and
        // building that reads Gateway.xml (280 KB of XML) — on the first request, which is the service manager's
        // readiness probe at boot (issue #27, B5).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/swagger"), swagger =>
        {
            swagger.UseSwagger();
            swagger.UseSwaggerUI(o => o.DocumentTitle = "LocalPayGateway");
        });
        return app;
    }
}

/// <summary>The one catch-all: an unexpected exception becomes a 500 problem without its message (which could carry anything).</summary>
public sealed partial class UnexpectedExceptionHandler(ILogger<UnexpectedExceptionHandler> logger) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            await ProblemCodes.FromBindingFailure(bad).ExecuteAsync(httpContext);
            return true;
        }
        if (Storage.PostgreSql.JournalUnavailable.Is(exception))
        {
            LogJournalUnavailable(httpContext.Request.Method, httpContext.Request.Path, exception.Message);
            await Storage.PostgreSql.JournalUnavailable.Problem(httpContext).ExecuteAsync(httpContext);
            return true;
        }
        LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path);
        await Problems.Create(StatusCodes.Status500InternalServerError, "internal_error", "Unexpected error",
            "See the gateway log.").ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private partial void LogUnexpected(Exception ex, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path}: 503 journal_unavailable ({Error})")]
    private partial void LogJournalUnavailable(string method, string path, string error);
}
