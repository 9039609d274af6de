using System.Security.Cryptography.X509Certificates;
using Gateway.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>The client certificate loads, holds its key and is valid today; a warning 30 days before it expires.</summary>
public sealed class CertificateHealthCheck(ISettingsStore store, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        var messages = snapshot.Errors.Concat(snapshot.WarningMessages).Where(m => !SettingsHealthCheck.IsAboutTextFiles(m)).ToList();
        var data = new Dictionary<string, object>();

        if (snapshot.Connection is not { } connection)
        {
            if (messages.Count == 0)
            {
                messages.Add(new SettingsMessage("*.pfx", null, null,
                    "сертификат не проверен: сначала исправьте ошибки в файлах настроек.",
                    "the certificate was not checked: fix the errors in the settings files first."));
            }
            data[HealthMessage.DataKey] = messages.Select(HealthMessage.From).ToList();
            return Task.FromResult(HealthCheckResult.Unhealthy("The client certificate is not usable.", data: data));
        }

        var client = connection.ClientCertificate;
        Describe(data, "", client, connection.Settings.CertificateFileName);
        if (connection.PinnedServerCertificate is { } server)
        {
            Describe(data, "serverCertificate.", server, connection.Settings.ServerCertificate!);
        }
        // Validity is judged now, not when the file was read: a gateway running for months sees the expiry come.
        var finding = CertificateCheck.Validity(client, connection.Settings.CertificateFileName, time.GetUtcNow(), out var expired);
        data[HealthMessage.DataKey] = (finding is null ? [] : new[] { HealthMessage.From(finding) }).ToList();
        var result = finding is null
            ? HealthCheckResult.Healthy("The client certificate loads and is valid.", data)
            : expired
                ? HealthCheckResult.Unhealthy("The client certificate is not valid now.", data: data)
                : HealthCheckResult.Degraded("The client certificate expires soon.", data: data);
        return Task.FromResult(result);
    }

    private static void Describe(Dictionary<string, object> data, string prefix, X509Certificate2 certificate, string file)
    {
        data[prefix + "file"] = file;
        data[prefix + "subject"] = certificate.Subject;
        data[prefix + "thumbprint"] = certificate.Thumbprint;
        data[prefix + "notAfter"] = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
    }
}
