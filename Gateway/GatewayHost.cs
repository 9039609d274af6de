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
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Answers the framework writes itself (415 from body binding, 404, 405…) get a code like ours.
            if (!c.ProblemDetails.Extensions.ContainsKey("code"))
            {
                c.ProblemDetails.Extensions["code"] = SecuritySetup.CodeOf(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode);
            }
        });
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
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseGatewaySecurity();
        app.UseSwagger();
        app.UseSwaggerUI(o => o.DocumentTitle = "LocalPayGateway");
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
            await Problems.Create(bad.StatusCode, bad.StatusCode == 413 ? "payload_too_large" : "bad_request", "Bad request", bad.Message)
                .ExecuteAsync(httpContext);
            return true;
        }
        LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path);
        await Problems.Create(StatusCodes.Status500InternalServerError, "internal_error", "Unexpected error",
            "See the gateway log.").ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private partial void LogUnexpected(Exception ex, string method, string path);
}
