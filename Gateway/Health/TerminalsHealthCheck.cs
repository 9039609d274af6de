using Gateway.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>
/// Readiness check <c>terminals</c> (SPEC §15): every till with an identity of its own — terminal, Номер POS, certificate
/// subject and expiry, problems. A broken till takes only itself out of service, so it makes the gateway degraded
/// (ready, with the till's problem to fix), never unready; the store's own identity is the settings and certificate checks'.
/// </summary>
public sealed class TerminalsHealthCheck(ISettingsStore store, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        var now = time.GetUtcNow();
        var tills = snapshot.Terminals.Select(t => TerminalViews.ToView(t.Value, t.Key,
            snapshot.Directory is { } directory ? TerminalViews.OwnKeys(directory, t.Key) : [], now)).ToList();
        // Validity is judged now (as the certificate check does): an expiry coming closer shows without a reload.
        var messages = snapshot.Terminals.Values
            .SelectMany(t => t.Errors.Concat(t.WarningMessages).Concat(Expiry(t, now)))
            .Distinct()
            .Select(HealthMessage.From)
            .ToList();
        var data = new Dictionary<string, object>
        {
            ["terminals"] = tills,
            [HealthMessage.DataKey] = messages,
        };
        var broken = tills.Where(t => !t.Usable).Select(t => t.TerminalId).ToList();
        var result = tills.Count == 0
            ? HealthCheckResult.Healthy("No till has an identity of its own: every terminal pays as the store.", data)
            : broken.Count > 0
                ? HealthCheckResult.Degraded($"Till(s) {string.Join(", ", broken)} cannot take payments until their folder is fixed; the others can.", data: data)
                : messages.Count > 0
                    ? HealthCheckResult.Degraded("Every till can take payments, with warnings.", data: data)
                    : HealthCheckResult.Healthy($"{tills.Count} till(s) pay with identities of their own.", data);
        return Task.FromResult(result);
    }

    private static IEnumerable<SettingsMessage> Expiry(SettingsSnapshot till, DateTimeOffset now) =>
        till.Connection is { } c && CertificateCheck.Validity(c.ClientCertificate,
            TerminalSettingsLoader.FileNameOf(till.TerminalId!, c.Settings.CertificateFileName), now, out _) is { } finding
            ? [finding]
            : [];
}
