using System.Globalization;

namespace Gateway.Security;

/// <summary>Applies <see cref="FloodLimiter"/>: a refused request is 429 <c>too_many_requests</c> with Retry-After.</summary>
public sealed class FloodLimiterMiddleware(RequestDelegate next, FloodLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        FloodLease lease;
        try
        {
            lease = await limiter.AcquireAsync(context.Request, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client left while queued: nobody to answer
        }
        using (lease)
        {
            if (lease.IsAcquired)
            {
                await next(context);
                return;
            }
            context.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling(lease.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Problems.Create(StatusCodes.Status429TooManyRequests, "too_many_requests", "Too many requests",
                "The gateway is busy; retry after the number of seconds in Retry-After.").ExecuteAsync(context);
        }
    }
}
