using Gateway.WebMoney;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>The last well-formed WebMoney answer (the clock offset it showed is the clock check's). Informational: never makes the gateway unready.</summary>
public sealed class WebMoneyHealthCheck(WebMoneyActivity activity, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var messages = new List<HealthMessage>();
        if (activity.LastSuccessAt is { } last)
        {
            data["lastSuccessfulCallAt"] = last;
            data["secondsSinceLastSuccessfulCall"] = Math.Round((time.GetUtcNow() - last).TotalSeconds);
        }
        else
        {
            messages.Add(new HealthMessage(
                "с момента запуска ещё не было ни одного ответа сервера WebMoney. Проверить связь: /admin → «Проверить связь» (один подписанный запрос, без платежа).",
                "WebMoney has not answered since start-up yet. To check the connection: /admin → «Проверить связь» (one signed call, no payment)."));
        }
        if (activity.ClockSkew is { } skew)
        {
            // The warning about it is the clock check's (ClockHealthCheck); the figure stays here too.
            data["clockSkewSeconds"] = Math.Round(skew.TotalSeconds, 1);
        }
        data[HealthMessage.DataKey] = messages;
        return Task.FromResult(HealthCheckResult.Healthy(activity.LastSuccessAt is null ? "No WebMoney answer yet." : "WebMoney answers.", data));
    }
}
