using Gateway.WebMoney;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>
/// Readiness check <c>clock</c>: this computer's clock against WebMoney's, measured from WebMoney's answers (the
/// HTTP Date header, or a status answer's own ServerTime). Requests are signed with the local time and refused
/// beyond the server's tolerance (±5 min), so a warning comes well before that: above 1 minute.
/// </summary>
public sealed class ClockHealthCheck(WebMoneyActivity activity) : IHealthCheck
{
    public static readonly TimeSpan Warning = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        if (activity.ClockSkew is not { } offset)
        {
            data[HealthMessage.DataKey] = new List<HealthMessage>();
            return Task.FromResult(HealthCheckResult.Healthy("No WebMoney answer yet: the clock offset is not known.", data));
        }
        var seconds = Math.Round(offset.Duration().TotalSeconds);
        // Positive: WebMoney's clock is ahead of ours.
        data["offsetSeconds"] = Math.Round(offset.TotalSeconds, 1);
        if (offset.Duration() <= Warning)
        {
            data[HealthMessage.DataKey] = new List<HealthMessage>();
            return Task.FromResult(HealthCheckResult.Healthy($"The clock is within {seconds} s of WebMoney's.", data));
        }
        var direction = offset > TimeSpan.Zero ? ("отстают от", "behind") : ("спешат относительно", "ahead of");
        data[HealthMessage.DataKey] = new List<HealthMessage>
        {
            new($"часы этого компьютера {direction.Item1} сервера WebMoney на {seconds} с. Включите синхронизацию времени: при расхождении больше 5 минут сервер отклоняет все запросы.",
                $"this computer's clock is {seconds} s {direction.Item2} WebMoney's. Turn on time synchronisation: beyond 5 minutes the server refuses every request."),
        };
        return Task.FromResult(HealthCheckResult.Degraded("The clock is off WebMoney's.", data: data));
    }
}
