using System.ServiceModel;

namespace WebMoneyContract;

/// <summary>
/// The WebMoney POS integration service (<c>PosIntegration2/ApiService.svc</c>) as modelled from
/// the settings WebMoney issues with the contract (SPEC §5). The real WSDL is not public: when it
/// arrives, the proxy generated from it replaces this interface behind the gateway's IWebMoneyClient.
/// </summary>
[ServiceContract(Namespace = PosApi.Namespace, Name = "IPosApiService")]
public partial interface IPosApiService
{
    [OperationContract(Name = "CreateQrPayment", Action = PosApi.Namespace + "/IPosApiService/CreateQrPayment",
        ReplyAction = PosApi.Namespace + "/IPosApiService/CreateQrPaymentResponse")]
    Task<CreateQrPaymentResponse> CreateQrPaymentAsync(CreateQrPaymentRequest request);

    [OperationContract(Name = "GetPaymentStatus", Action = PosApi.Namespace + "/IPosApiService/GetPaymentStatus",
        ReplyAction = PosApi.Namespace + "/IPosApiService/GetPaymentStatusResponse")]
    Task<GetPaymentStatusResponse> GetPaymentStatusAsync(GetPaymentStatusRequest request);

    [OperationContract(Name = "CancelPayment", Action = PosApi.Namespace + "/IPosApiService/CancelPayment",
        ReplyAction = PosApi.Namespace + "/IPosApiService/CancelPaymentResponse")]
    Task<CancelPaymentResponse> CancelPaymentAsync(CancelPaymentRequest request);
}
