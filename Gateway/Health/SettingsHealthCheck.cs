using Gateway.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>Both settings files read and valid (the certificate is <see cref="CertificateHealthCheck"/>'s).</summary>
public sealed class SettingsHealthCheck(ISettingsStore store) : IHealthCheck
{
    public static bool IsAboutTextFiles(SettingsMessage m) => m.File is WebMoneySettingsReader.FileName or PaymentTypesReader.FileName;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        var errors = snapshot.Errors.Where(IsAboutTextFiles).ToList();
        var warnings = snapshot.WarningMessages.Where(IsAboutTextFiles).ToList();
        var data = new Dictionary<string, object>
        {
            ["directory"] = snapshot.Directory ?? "",
            ["loadedAt"] = snapshot.LoadedAt,
            [HealthMessage.DataKey] = errors.Concat(warnings).Select(HealthMessage.From).ToList(),
        };
        if (snapshot.Settings is { } settings)
        {
            data["endpoint"] = settings.Endpoint.ToString();
            data["posNumber"] = settings.PosNumber;
        }
        data["paymentTypes"] = snapshot.PaymentTypes.Codes.ToDictionary(c => SettingsKeys.FieldOf(c.Key.ToString()), c => c.Value);

        var result = errors.Count > 0
            ? HealthCheckResult.Unhealthy("The settings files have errors: the gateway cannot take payments.", data: data)
            : warnings.Count > 0
                ? HealthCheckResult.Degraded("The settings are valid, with warnings.", data: data)
                : HealthCheckResult.Healthy("The settings are valid.", data);
        return Task.FromResult(result);
    }
}
