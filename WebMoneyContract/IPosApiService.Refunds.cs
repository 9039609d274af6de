using System.ServiceModel;

namespace WebMoneyContract;

/// <summary>Refunds (SPEC §5, §10): a refund of a paid transaction, whole or in part, and its status.</summary>
public partial interface IPosApiService
{
    [OperationContract(Name = "RefundPayment", Action = PosApi.Namespace + "/IPosApiService/RefundPayment",
        ReplyAction = PosApi.Namespace + "/IPosApiService/RefundPaymentResponse")]
    Task<RefundPaymentResponse> RefundPaymentAsync(RefundPaymentRequest request);

    [OperationContract(Name = "GetRefundStatus", Action = PosApi.Namespace + "/IPosApiService/GetRefundStatus",
        ReplyAction = PosApi.Namespace + "/IPosApiService/GetRefundStatusResponse")]
    Task<GetRefundStatusResponse> GetRefundStatusAsync(GetRefundStatusRequest request);
}
