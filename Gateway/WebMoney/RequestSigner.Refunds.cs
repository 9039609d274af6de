using WebMoneyContract;

namespace Gateway.WebMoney;

public sealed partial class RequestSigner
{
    public RefundPaymentRequest Sign(RefundPaymentRequest request) => Sign(request, PosApi.CanonicalString);

    public GetRefundStatusRequest Sign(GetRefundStatusRequest request) => Sign(request, PosApi.CanonicalString);
}
