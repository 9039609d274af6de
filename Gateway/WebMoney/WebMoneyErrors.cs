using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.Serialization;
using System.Security.Authentication;
using System.ServiceModel;
using System.ServiceModel.Security;
using System.Xml;

namespace Gateway.WebMoney;

/// <summary>
/// Maps what WCF throws to a technical-error kind (SPEC §4). Shapes seen against the emulator:
/// server down → CommunicationException over SocketException; HTTP 500 text → ProtocolException;
/// refused client certificate → CommunicationException (response ended); pinned certificate mismatch →
/// SecurityNegotiationException; timeout → TimeoutException.
/// </summary>
internal static class WebMoneyErrors
{
    public static (TechnicalErrorKind Kind, string Message) Classify(Exception e)
    {
        var kind = KindOf(e);
        var what = Find<HttpRequestException>(e) is { HttpRequestError: HttpRequestError.ResponseEnded }
            // The server checks the client certificate after the TLS handshake and just closes when it refuses it.
            ? "the server closed the connection without an answer (dropped, or the client certificate was refused)"
            : Describe(kind);
        return (kind, $"{what} ({e.GetType().Name}: {Innermost(e).Message})");
    }

    private static TechnicalErrorKind KindOf(Exception e)
    {
        if (e is TimeoutException || Any<TimeoutException>(e))
        {
            return TechnicalErrorKind.Timeout;
        }

        if (e is FaultException)
        {
            return TechnicalErrorKind.SoapFault;
        }

        if (e is SecurityNegotiationException || Any<AuthenticationException>(e)
            || Find<HttpRequestException>(e) is { HttpRequestError: HttpRequestError.SecureConnectionError })
        {
            return TechnicalErrorKind.Tls;
        }

        if (Any<SocketException>(e) || Find<HttpRequestException>(e) is { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.NameResolutionError })
        {
            return TechnicalErrorKind.Connect;
        }

        if (Any<XmlException>(e) || Any<SerializationException>(e))
        {
            return TechnicalErrorKind.Unreadable;
        }

        return e switch
        {
            // HTTP statuses other than 200 (404, 500 with a non-SOAP body, 503, 401/403).
            ProtocolException or EndpointNotFoundException or ServerTooBusyException or MessageSecurityException => TechnicalErrorKind.HttpStatus,
            CommunicationException => TechnicalErrorKind.Connect,
            _ => TechnicalErrorKind.Unreadable,
        };
    }

    private static string Describe(TechnicalErrorKind kind) => kind switch
    {
        TechnicalErrorKind.Connect => "no connection to the WebMoney server",
        TechnicalErrorKind.Tls => "TLS failure (server certificate or client certificate)",
        TechnicalErrorKind.Timeout => "no answer within the call's timeout",
        TechnicalErrorKind.HttpStatus => "the server answered with an HTTP error",
        TechnicalErrorKind.SoapFault => "the server answered with a SOAP fault",
        _ => "the answer could not be read",
    };

    private static bool Any<T>(Exception e) where T : Exception => Find<T>(e) is not null;

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
