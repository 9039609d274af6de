using System.Globalization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;

namespace Gateway.WebMoney;

/// <summary>
/// Reads the HTTP <c>Date</c> header of every WebMoney answer, refusals included, and records how far the
/// server's clock is from ours (readiness check <c>clock</c>). It is the only clock reading a refused create
/// carries: a POS clock off by more than the server's tolerance gets every call refused, and this says why.
/// Status answers also carry their own ServerTime (to the millisecond), recorded after this one.
/// </summary>
internal sealed class ServerClockBehavior(WebMoneyActivity activity, TimeProvider time) : IEndpointBehavior, IClientMessageInspector
{
    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters)
    {
    }

    public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime) => clientRuntime.ClientMessageInspectors.Add(this);

    public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher)
    {
    }

    public void Validate(ServiceEndpoint endpoint)
    {
    }

    public object? BeforeSendRequest(ref Message request, IClientChannel channel) => null;

    public void AfterReceiveReply(ref Message reply, object? correlationState)
    {
        if (reply?.Properties.TryGetValue(HttpResponseMessageProperty.Name, out var value) == true
            && value is HttpResponseMessageProperty http
            && DateTimeOffset.TryParseExact(http.Headers["Date"], "R", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var server))
        {
            // The header has whole seconds: half a second of rounding is expected and far below the 1-minute warning.
            activity.RecordClockSkew(server - time.GetUtcNow());
        }
    }
}
