using Gateway.WebMoney;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>The last well-formed WebMoney answer and the clock skew it showed. Informational: never makes the gateway unready.</summary>
public sealed class WebMoneyHealthCheck(IServiceProvider services, TimeProvider time) : IHealthCheck
{
    /// <summary>WebMoney refuses requests whose RequestTime is more than 5 minutes off; warn well before that.</summary>
    public static readonly TimeSpan SkewWarning = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Registered by the WebMoney feature; readiness works without it.
        var activity = services.GetService<WebMoneyActivity>();
        var data = new Dictionary<string, object>();
        var messages = new List<HealthMessage>();
        if (activity?.LastSuccessAt is { } last)
        {
            data["lastSuccessfulCallAt"] = last;
            data["secondsSinceLastSuccessfulCall"] = Math.Round((time.GetUtcNow() - last).TotalSeconds);
        }
        else
        {
            messages.Add(new HealthMessage(
                "с момента запуска ещё не было ни одного ответа сервера WebMoney. Чтобы проверить связь, создайте тестовый платёж на небольшую сумму и отмените его.",
                "WebMoney has not answered since start-up yet. To check the connection, create a small test payment and cancel it."));
        }
        if (activity?.ClockSkew is { } skew)
        {
            data["clockSkewSeconds"] = Math.Round(skew.TotalSeconds, 1);
            if (skew.Duration() > SkewWarning)
            {
                messages.Add(new HealthMessage(
                    $"часы этого компьютера расходятся с сервером WebMoney на {Math.Round(skew.Duration().TotalSeconds)} с. Включите синхронизацию времени: при расхождении больше 5 минут сервер отклоняет запросы.",
                    $"this computer's clock is {Math.Round(skew.Duration().TotalSeconds)} s off WebMoney's. Turn on time synchronisation: beyond 5 minutes the server refuses requests."));
                data[HealthMessage.DataKey] = messages;
                return Task.FromResult(HealthCheckResult.Degraded("The clock is off WebMoney's.", data: data));
            }
        }
        data[HealthMessage.DataKey] = messages;
        return Task.FromResult(HealthCheckResult.Healthy(activity?.LastSuccessAt is null ? "No WebMoney answer yet." : "WebMoney answers.", data));
    }
}
