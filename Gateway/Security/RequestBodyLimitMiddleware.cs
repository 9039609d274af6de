using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>
/// Bodies above <see cref="SecurityOptions.MaxRequestBodyBytes"/> get 413 <c>payload_too_large</c>: at once when
/// Content-Length says so; while reading (Kestrel enforces the per-request limit) for chunked bodies.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<SecurityOptions> options)
{
    private readonly long _max = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _max)
        {
            // Close the connection rather than drain a body nobody will read.
            context.Response.Headers.Connection = "close";
            await TooLarge(_max).ExecuteAsync(context);
            return;
        }
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = _max;
        }
        await next(context);
    }

    public static IResult TooLarge(long max) => Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
        "The request body is too large", $"At most {max} bytes.");
}
