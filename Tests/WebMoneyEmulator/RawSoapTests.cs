using System.Net;
using System.Text;
using Tests.Support;
using WebMoneyContract;

namespace Tests.WebMoneyEmulator;

/// <summary>Hand-written SOAP over the real mutual-TLS listener: what a non-WCF client would see.</summary>
public sealed class RawSoapTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    [Fact]
    public async Task UnreadableRequest_IsSoapFaultThatRevealsNothingOfTheServer()
    {
        using var http = CreateHttpClient();
        var envelope = $"""
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
            <CreateQrPayment xmlns="{PosApi.Namespace}"><request><Amount>not-a-number</Amount></request></CreateQrPayment>
            </s:Body></s:Envelope>
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Host.Endpoint)
        {
            Content = new StringContent(envelope, Encoding.UTF8, "text/xml"),
        };
        request.Headers.Add("SOAPAction", $"\"{PosApi.Namespace}/IPosApiService/CreateQrPayment\"");

        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Fault", body);
        Assert.Contains("Внутренняя ошибка сервера", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(" at ", body);
    }

    private HttpClient CreateHttpClient()
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate?.Thumbprint == emulator.Connection.PinnedServerCertificate!.Thumbprint,
        };
        handler.ClientCertificates.Add(emulator.Connection.ClientCertificate);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
