using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Gateway.Admin;
using Tests.Support;

namespace Tests.Gateway.OpenApi;

public sealed partial class OpenApiContractRunTests
{
    /// <summary>The handlers' answers: each operation's success and its documented errors, in an order that makes them happen.</summary>
    private sealed class Script(HttpClient http, EmulatorFixture emulator, GatewayHarness gateway)
    {
        private const string Today = "2026-11-28"; // any valid day answers; its totals do not matter here

        public async Task RunAsync()
        {
            var unresolved = await UnresolvedPaymentAsync();
            await PaymentsAsync();
            var paid = (await http.PaidPaymentAsync(emulator, "ct-paid")).GetProperty("id").GetString()!;
            await RefundsAsync(paid);
            await ReportsAndSettingsAsync();
            await TerminalsAsync();
            await NotConfiguredAsync(paid, unresolved);

            // «Проверить сейчас» on the payment the customer paid after it ended unresolved (AdminApiTests' recipe).
            await Expect(HttpStatusCode.OK, http.PostAsync($"/payments/{unresolved.Id}/recheck", null));
        }

        /// <summary>A payment that ended without WebMoney confirming its cancel, paid afterwards: first, while nothing else polls.</summary>
        private async Task<(string Id, string TransactionId)> UnresolvedPaymentAsync()
        {
            await emulator.FaultAsync("CancelPayment", "http500", 1000);
            await emulator.FaultAsync("GetPaymentStatus", "http500", 4);
            var payment = await http.CreatePaymentAsync("ct-unresolved");
            Assert.True((await http.WaitPaymentFinalAsync(payment.Id)).GetProperty("unresolved").GetBoolean());
            await http.WaitForWaitingAnswersAsync(payment.Id, 1);
            emulator.Host.ClearFaults();
            await emulator.ActAsync(payment.TransactionId, "pay");
            return payment;
        }

        private async Task PaymentsAsync()
        {
            var body = """{"amount": 10.07, "paymentSystem": "sbp", "terminalId": "ct-1", "receiptId": "r-1"}""";
            var created = await Post("/payments", body, HttpStatusCode.Created, idempotencyKey: "ct-key-1");
            var id = created.GetProperty("id").GetString()!;
            await Post("/payments", body, HttpStatusCode.OK, idempotencyKey: "ct-key-1");
            await Post("/payments", """{"amount": 11, "paymentSystem": "sbp", "terminalId": "ct-1"}""", HttpStatusCode.Conflict, idempotencyKey: "ct-key-1");
            await Post("/payments", """{"amount": 11, "paymentSystem": "sbp", "terminalId": "ct-1"}""", HttpStatusCode.Conflict);
            await Post("/payments", """{"amount": 0, "paymentTypeCode": 5}""", HttpStatusCode.BadRequest);
            await Post("/payments", """{"amount": 5, "paymentTypeCode": 999}""", HttpStatusCode.UnprocessableEntity);
            await emulator.FaultAsync("CreateQrPayment", "refusal", 1);
            await Post("/payments", """{"amount": 5, "paymentSystem": "sbp", "terminalId": "ct-2"}""", HttpStatusCode.BadGateway);

            await Expect(HttpStatusCode.OK, http.GetAsync("/payments?limit=5"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync("/payments?limit=0"));
            await Expect(HttpStatusCode.OK, http.GetAsync($"/payments/{id}"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync($"/payments/{id}?waitSeconds=99"));
            await Expect(HttpStatusCode.NotFound, http.GetAsync("/payments/nope"));
            await Expect(HttpStatusCode.OK, http.GetAsync($"/payments/{id}/qr.svg"));
            await Expect(HttpStatusCode.NotFound, http.GetAsync("/payments/nope/qr.svg"));
            await Expect(HttpStatusCode.OK, http.GetAsync($"/payments/{id}/qr.png?scale=2"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync($"/payments/{id}/qr.png?scale=0"));
            await Expect(HttpStatusCode.NotFound, http.GetAsync("/payments/nope/qr.png"));
            await Expect(HttpStatusCode.OK, http.GetAsync("/payment-types"));
            await Expect(HttpStatusCode.OK, http.GetAsync($"/payments/{id}/events"));
            await Expect(HttpStatusCode.NotFound, http.GetAsync("/payments/nope/events"));
            await Expect(HttpStatusCode.Conflict, http.PostAsync($"/payments/{id}/recheck", null));
            await Expect(HttpStatusCode.NotFound, http.PostAsync("/payments/nope/recheck", null));
            await Expect(HttpStatusCode.OK, http.PostAsync($"/payments/{id}/cancel", null));
            await Expect(HttpStatusCode.NotFound, http.PostAsync("/payments/nope/cancel", null));
            await Expect(HttpStatusCode.OK, http.GetAsync("/health/live"));
            await Expect(HttpStatusCode.OK, http.GetAsync("/health/ready"));
        }

        private async Task RefundsAsync(string paid)
        {
            var refund = await Post($"/payments/{paid}/refunds", """{"amount": 10.07, "reason": "return"}""", HttpStatusCode.Created, idempotencyKey: "ct-r-1");
            var refundId = refund.GetProperty("id").GetString()!;
            await Post($"/payments/{paid}/refunds", """{"amount": 10.07, "reason": "return"}""", HttpStatusCode.OK, idempotencyKey: "ct-r-1");
            await Post($"/payments/{paid}/refunds", """{"amount": 1}""", HttpStatusCode.Conflict, idempotencyKey: "ct-r-1");
            await Post($"/payments/{paid}/refunds", """{"amount": -1}""", HttpStatusCode.BadRequest);
            await Post("/payments/nope/refunds", """{"amount": 1}""", HttpStatusCode.NotFound);
            await emulator.FaultAsync("RefundPayment", "refusal", 1);
            await Post($"/payments/{paid}/refunds", """{"amount": 1}""", HttpStatusCode.BadGateway);

            await Expect(HttpStatusCode.OK, http.GetAsync($"/payments/{paid}/refunds"));
            await Expect(HttpStatusCode.NotFound, http.GetAsync("/payments/nope/refunds"));
            await Expect(HttpStatusCode.OK, http.GetAsync($"/refunds/{refundId}"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync($"/refunds/{refundId}?waitSeconds=99"));
            await Expect(HttpStatusCode.NotFound, http.GetAsync("/refunds/nope"));
            await Expect(HttpStatusCode.OK, http.GetAsync("/refunds?limit=5"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync("/refunds?limit=0"));
        }

        private async Task ReportsAndSettingsAsync()
        {
            await Expect(HttpStatusCode.OK, http.GetAsync($"/reports/daily?date={Today}"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync("/reports/daily"));
            await Expect(HttpStatusCode.OK, http.GetAsync($"/reports/daily.csv?date={Today}"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync("/reports/daily.csv?date=28.11.2026"));
            await Expect(HttpStatusCode.OK, http.GetAsync($"/reports/reconciliation?date={Today}"));
            await Expect(HttpStatusCode.BadRequest, http.GetAsync("/reports/reconciliation"));
            await emulator.FaultAsync("GetTransactions", "refusal", 1);
            await Expect(HttpStatusCode.BadGateway, http.GetAsync($"/reports/reconciliation?date={Today}"));

            await Expect(HttpStatusCode.OK, http.GetAsync("/settings"));
            await Expect(HttpStatusCode.OK, http.PutAsJsonAsync("/settings", new { timeoutSeconds = 180 }));
            await Expect(HttpStatusCode.BadRequest, http.PutAsJsonAsync("/settings", new { timeoutSeconds = 180, agentKeySet = true }));
            var types = await http.GetFromJsonAsync<JsonElement>("/settings/payment-types");
            await Expect(HttpStatusCode.OK, http.PutAsJsonAsync("/settings/payment-types", types));
            await Expect(HttpStatusCode.BadRequest, http.PutAsJsonAsync("/settings/payment-types", new { sbp = -1 }));
            await Expect(HttpStatusCode.OK, http.PostAsync("/settings/connection-check", null));
            await Expect(HttpStatusCode.BadRequest, UploadAsync(Encoding.ASCII.GetBytes("not-a-pfx"), "pw"));
            await Expect(HttpStatusCode.OK, UploadAsync(await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx")), null));
        }

        /// <summary>A till added, read, changed, given a certificate (the store's N100.pfx: any valid one is accepted) and removed.</summary>
        private async Task TerminalsAsync()
        {
            const string till = "/settings/terminals/ct-till";
            await Expect(HttpStatusCode.Created, http.PutAsJsonAsync(till, new { posNumber = "N199" }));
            await Expect(HttpStatusCode.OK, http.PutAsJsonAsync(till, new { posNumber = "N199", certificatePassword = (string?)null }));
            await Expect(HttpStatusCode.BadRequest, http.PutAsJsonAsync(till, new { posNumber = "N100" }));
            await Expect(HttpStatusCode.BadRequest, UploadAsync(Encoding.ASCII.GetBytes("not-a-pfx"), "pw", $"{till}/certificate"));
            await Expect(HttpStatusCode.OK, UploadAsync(await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx")), null, $"{till}/certificate"));
            await Expect(HttpStatusCode.NotFound, UploadAsync(await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx")), null, "/settings/terminals/nope/certificate"));
            await Expect(HttpStatusCode.OK, http.GetAsync(till));
            await Expect(HttpStatusCode.NotFound, http.GetAsync("/settings/terminals/nope"));
            await Expect(HttpStatusCode.OK, http.GetAsync("/settings/terminals"));

            await Expect(HttpStatusCode.NoContent, http.DeleteAsync(till));
            await Expect(HttpStatusCode.NotFound, http.DeleteAsync(till));
            await Expect(HttpStatusCode.BadRequest, http.DeleteAsync("/settings/terminals/" + new string('7', 33)));
        }

        /// <summary>Without WebMoneySettings.txt the gateway cannot reach WebMoney: every operation that needs it says 503.</summary>
        private async Task NotConfiguredAsync(string paid, (string Id, string TransactionId) unresolved)
        {
            var file = gateway.SettingsFile();
            var saved = await File.ReadAllBytesAsync(file);
            File.Delete(file);
            Assert.True(await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(20)));

            await Post("/payments", """{"amount": 5, "paymentSystem": "sbp", "terminalId": "ct-3"}""", HttpStatusCode.ServiceUnavailable);
            await Post($"/payments/{paid}/refunds", """{"amount": 1}""", HttpStatusCode.ServiceUnavailable);
            await Expect(HttpStatusCode.ServiceUnavailable, http.PostAsync($"/payments/{unresolved.Id}/recheck", null));
            await Expect(HttpStatusCode.ServiceUnavailable, http.GetAsync($"/reports/reconciliation?date={Today}"));
            await Expect(HttpStatusCode.ServiceUnavailable, http.PostAsync("/settings/connection-check", null));

            await File.WriteAllBytesAsync(file, saved);
            Assert.True(await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(20)));
        }

        private async Task<JsonElement> Post(string path, string body, HttpStatusCode expected, string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            return await Expect(expected, http.SendAsync(request));
        }

        private async Task<HttpResponseMessage> UploadAsync(byte[] pfx, string? password, string path = "/settings/certificate")
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(pfx);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/x-pkcs12");
            form.Add(file, "certificate", "N100.pfx");
            if (password is not null)
            {
                form.Add(new StringContent(password), "certificatePassword");
            }
            return await http.PutAsync(path, form);
        }

        /// <summary>The script asserts only that it reached the answer it meant to cause; the validator judges the answer.</summary>
        private static async Task<JsonElement> Expect(HttpStatusCode expected, Task<HttpResponseMessage> send)
        {
            using var response = await send;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: "
                + $"expected {(int)expected}, got {(int)response.StatusCode} {text}");
            return response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonDocument.Parse(text).RootElement.Clone() : default;
        }
    }
}
