using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Gateway.Settings;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Admin;

/// <summary>
/// «Проверить связь»: one signed GetPaymentStatus for a transaction id that cannot exist. WebMoney's refusal
/// "unknown transaction" proves the whole chain: DNS, TLS with the pinned server certificate, the POS client
/// certificate, the signature (AgentKey) and the clock (RequestTime) were all accepted. Any other answer names
/// the link that broke.
/// </summary>
public static partial class ConnectionCheck
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public static async Task<ConnectionCheckResult> RunAsync(WebMoneyConnection connection, IWebMoneyClientFactory clients,
        WebMoneyActivity activity, TimeProvider time, CancellationToken ct)
    {
        var endpoint = connection.Settings.Endpoint;
        var started = time.GetTimestamp();
        var checkedAt = time.GetUtcNow();
        ConnectionCheckResult Result(bool ok, string stage, string message, string? detail = null, int? code = null) => new(
            ok, stage, message, detail, code, endpoint.ToString(), checkedAt, (long)time.GetElapsedTime(started).TotalMilliseconds,
            activity.ClockSkew is { } skew ? Math.Round(skew.TotalSeconds, 1) : null);

        if (endpoint.HostNameType == UriHostNameType.Dns)
        {
            try
            {
                using var dnsTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                dnsTimeout.CancelAfter(TimeSpan.FromSeconds(5));
                await Dns.GetHostAddressesAsync(endpoint.IdnHost, dnsTimeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return Result(false, "dns", $"Адрес сервера {endpoint.Host} не найден (DNS). Проверьте «Адрес сервера» и доступ в интернет.", ex.Message);
            }
        }

        var client = clients.GetClient(connection);
        var probeId = "connection-check-" + Guid.NewGuid().ToString("N");
        var outcome = await client.GetPaymentStatusAsync(probeId, CallTimeout, ct);
        return outcome switch
        {
            WebMoneyOutcome<StatusAnswer>.Refusal { ResultCode: ResultCodes.UnknownTransaction } r =>
                Result(true, "ok", "Связь есть, подпись принята: сервер WebMoney принял сертификат, подпись и время запроса.", r.Message, r.ResultCode),
            WebMoneyOutcome<StatusAnswer>.Success =>
                Result(true, "ok", "Связь есть, подпись принята.", null),
            WebMoneyOutcome<StatusAnswer>.Refusal { ResultCode: ResultCodes.BadSignature } r =>
                Result(false, "signature", "Связь есть, но подпись не принята: проверьте «Ключ агента».", r.Message, r.ResultCode),
            WebMoneyOutcome<StatusAnswer>.Refusal { ResultCode: ResultCodes.ClockSkew } r =>
                Result(false, "clock", "Связь есть, но сервер отклонил время запроса: часы этого компьютера расходятся с WebMoney больше чем на 5 минут. Включите синхронизацию времени.", r.Message, r.ResultCode),
            WebMoneyOutcome<StatusAnswer>.Refusal { ResultCode: ResultCodes.UnknownAgent } r =>
                Result(false, "agent", "Связь есть, но сервер не знает такого агента или POS: проверьте «Номер агента» и «Номер POS».", r.Message, r.ResultCode),
            WebMoneyOutcome<StatusAnswer>.Refusal r =>
                Result(false, "refusal", $"Связь есть, но WebMoney отказал (код {r.ResultCode}): {r.Message}", r.Message, r.ResultCode),
            WebMoneyOutcome<StatusAnswer>.TechnicalError t => Technical(t, Result),
            _ => Result(false, "answer", "Непонятный ответ сервера."),
        };
    }

    private static ConnectionCheckResult Technical(WebMoneyOutcome<StatusAnswer>.TechnicalError t,
        Func<bool, string, string, string?, int?, ConnectionCheckResult> result) => t.Kind switch
    {
        TechnicalErrorKind.Connect when t.Message.Contains("client certificate", StringComparison.Ordinal) =>
            result(false, "certificate", "Сервер закрыл соединение без ответа: скорее всего, он не принял сертификат POS (.pfx). Проверьте, что загружен сертификат, выданный WebMoney для этого Номера POS.", t.Message, null),
        TechnicalErrorKind.Connect =>
            result(false, "connect", "Нет связи с сервером WebMoney: соединение не устанавливается. Проверьте «Адрес сервера», интернет и брандмауэр.", t.Message, null),
        TechnicalErrorKind.Tls =>
            result(false, "tls", "Защищённое соединение (TLS) не установлено: сертификат сервера не прошёл проверку (или не совпал с закреплённым ServerCertificate), либо сервер не принял сертификат POS.", t.Message, null),
        TechnicalErrorKind.Timeout =>
            result(false, "timeout", $"Сервер WebMoney не ответил за {CallTimeout.TotalSeconds:0} с.", t.Message, null),
        TechnicalErrorKind.HttpStatus =>
            result(false, "http", HttpCode().Match(t.Message) is { Success: true } m
                ? $"Сервер ответил ошибкой HTTP {m.Groups[1].Value}: проверьте «Адрес сервиса»."
                : "Сервер ответил ошибкой HTTP: проверьте «Адрес сервиса».", t.Message,
                HttpCode().Match(t.Message) is { Success: true } n ? int.Parse(n.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null),
        TechnicalErrorKind.SoapFault =>
            result(false, "soap", "Сервер ответил ошибкой SOAP: возможно, «Адрес сервиса» указывает не на сервис WebMoney.", t.Message, null),
        TechnicalErrorKind.TemporaryResultCode =>
            result(false, "temporary", "Связь есть, но WebMoney сейчас отвечает временной ошибкой. Повторите позже.", t.Message, null),
        _ => result(false, "answer", "Сервер ответил, но ответ не удалось прочитать: проверьте «Адрес сервера» и «Адрес сервиса».", t.Message, null),
    };

    [GeneratedRegex(@"\b([1-5]\d\d)\b")]
    private static partial Regex HttpCode();
}

/// <summary>The answer of «Проверить связь».</summary>
/// <param name="Ok">WebMoney accepted the signed request.</param>
/// <param name="Stage">ok, or the link that failed: dns, connect, tls, certificate, signature, clock, agent, refusal, http, timeout, soap, temporary, answer.</param>
/// <param name="Message">The result in Russian, for the administrator.</param>
/// <param name="Detail">What WebMoney or the network said (English or WebMoney's text; never a secret).</param>
/// <param name="ResultCode">WebMoney's result code, or the HTTP status for stage http.</param>
/// <param name="Endpoint">The service address that was called.</param>
/// <param name="CheckedAt">When the check started.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="ClockOffsetSeconds">WebMoney's clock minus this computer's, from its answers (when known).</param>
public sealed record ConnectionCheckResult(bool Ok, string Stage, string Message, string? Detail, int? ResultCode, string Endpoint,
    DateTimeOffset CheckedAt, long DurationMs, double? ClockOffsetSeconds);
