using System.Security.Cryptography;
using System.Text;
using WebMoneyContract;

namespace WebMoneyEmulator.Soap;

/// <summary>Checks what every request carries: who sends it, its signature and its time.</summary>
internal static class RequestVerifier
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Null when the request may proceed; otherwise the refusal to answer with.</summary>
    public static (int Code, string Message)? Check(PosRequest request, string canonical, EmulatorState state)
    {
        var bundle = state.Bundle;
        if (request.AgentId != bundle.AgentId || request.PosNumber != bundle.PosNumber)
        {
            return (ResultCodes.UnknownAgent, "Неизвестный агент или номер POS");
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
