using WebMoneyContract;

namespace Gateway.WebMoney;

public sealed partial class RequestSigner
{
    public GetTransactionsRequest Sign(GetTransactionsRequest request) => Sign(request, PosApi.CanonicalString);
}
