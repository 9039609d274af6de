using System.ServiceModel;

namespace WebMoneyContract;

/// <summary>End of day (SPEC §11): the transactions of a period, for the gateway's reconciliation.</summary>
public partial interface IPosApiService
{
    [OperationContract(Name = "GetTransactions", Action = PosApi.Namespace + "/IPosApiService/GetTransactions",
        ReplyAction = PosApi.Namespace + "/IPosApiService/GetTransactionsResponse")]
    Task<GetTransactionsResponse> GetTransactionsAsync(GetTransactionsRequest request);
}
