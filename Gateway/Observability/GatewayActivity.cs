using System.Diagnostics;

namespace Gateway.Observability;

/// <summary>
/// The gateway's spans (SPEC §13): one per WebMoney call, a child of the request's span (ASP.NET Core) or of
/// the poll's span in the background. Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class GatewayActivity
{
    public const string SourceName = "LocalPayGateway";

    public static readonly ActivitySource Source = new(SourceName, typeof(GatewayActivity).Assembly.GetName().Version?.ToString());

    /// <summary>The background pass over one due payment: the parent of the WebMoney calls it makes.</summary>
    public static Activity? StartPoll(string paymentId)
    {
        var activity = Source.StartActivity("payment poll", ActivityKind.Internal, parentContext: default);
        activity?.SetTag("localpay.payment_id", paymentId);
        return activity;
    }
}
