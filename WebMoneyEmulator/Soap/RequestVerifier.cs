using System.Security.Cryptography;
using System.Text;
using WebMoneyContract;

namespace WebMoneyEmulator.Soap;

/// <summary>Checks what every request carries: who sends it, its signature and its time.</summary>
internal static class RequestVerifier
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Null when the request may proceed; otherwise the refusal to answer with.</summary>
    /// <param name="clientThumbprint">The thumbprint of the client certificate the TLS connection presented (null: none seen).</param>
    public static (int Code, string Message)? Check(PosRequest request, string canonical, EmulatorState state, string? clientThumbprint)
    {
        var bundle = state.Bundle;
        if (request.AgentId != bundle.AgentId || !state.Identities.Values.Contains(request.PosNumber, StringComparer.Ordinal))
        {
            return (ResultCodes.UnknownAgent, "Неизвестный агент или номер POS");
        }

        // Each POS signs in with the certificate WebMoney issued to it (SPEC §15): another till's certificate is refused.
        if (clientThumbprint is null || !state.Identities.TryGetValue(clientThumbprint, out var issuedTo) || issuedTo != request.PosNumber)
        {
            return (ResultCodes.UnknownAgent, $"Номер POS {request.PosNumber} не совпадает с сертификатом клиента: сертификат выдан другому POS");
        }

        var expected = Encoding.ASCII.GetBytes(PosApi.Sign(bundle.AgentKey, canonical));
        var actual = Encoding.ASCII.GetBytes(request.Signature ?? "");
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return (ResultCodes.BadSignature, "Неверная подпись запроса (проверьте ключ агента)");
        }

        var requestTime = new DateTimeOffset(DateTime.SpecifyKind(request.RequestTime.ToUniversalTime(), DateTimeKind.Utc));
        var skew = requestTime - state.Time.GetUtcNow();
        if (skew.Duration() > MaxClockSkew)
        {
            return (ResultCodes.ClockSkew, "Время запроса расходится со временем сервера более чем на 5 минут (проверьте часы кассы)");
        }

        return null;
    }
}
