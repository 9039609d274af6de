using Gateway.Settings;
using WebMoneyContract;

namespace Gateway.WebMoney;

/// <summary>Fills the fields every request carries and signs it (SPEC §5); RequestTime comes from the TimeProvider.</summary>
public sealed partial class RequestSigner(WebMoneySettings settings, TimeProvider time)
{
    public CreateQrPaymentRequest Sign(CreateQrPaymentRequest request) => Sign(request, PosApi.CanonicalString);

    public GetPaymentStatusRequest Sign(GetPaymentStatusRequest request) => Sign(request, PosApi.CanonicalString);

    public CancelPaymentRequest Sign(CancelPaymentRequest request) => Sign(request, PosApi.CanonicalString);

    private T Sign<T>(T request, Func<T, string> canonical) where T : PosRequest
    {
        request.AgentId = settings.AgentId;
        request.PosNumber = settings.PosNumber;
        request.Wmid = settings.Wmid;
        request.CrsId = settings.CrsId;
        // Whole seconds: the signature carries whole seconds, so the wire value does too.
        var now = time.GetUtcNow().UtcDateTime;
        request.RequestTime = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        request.Signature = PosApi.Sign(settings.AgentKey, canonical(request));
        return request;
    }
}
