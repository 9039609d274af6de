using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway;
using Tests.Support;

namespace Tests.Gateway;

/// <summary>
/// One shape for every instant the API writes (issue #28 §11): the create answer (times from the clock, in ticks) and every
/// later read (from the journal, in milliseconds) give the same strings, through the real gateway, emulator and journal.
/// </summary>
public sealed partial class JsonTimeTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$")]
    private static partial Regex Shape();

    [Fact]
    public async Task CreateAnswerAndEveryLaterRead_GiveTheSameTimes_WithThreeFractionalDigits()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600);
        using var http = gateway.CreateClient();

        var created = await http.PostPaymentAsync("time-1", 250m);
        var id = created.GetProperty("id").GetString()!;
        emulator.Host.Pay(created.GetProperty("transactionId").GetString()!, out _);
        var final = await http.WaitPaymentAsync(id, "paid");
        var read = await http.GetPaymentAsync(id);
        var listed = (await http.GetFromJsonAsync<JsonElement>("/payments?terminalId=time-1")).GetProperty("items")[0];
        var (_, refund) = await http.RefundAsync(id, new { amount = 50m });
        var refundId = refund.GetProperty("id").GetString()!;
        var refundFinal = await http.WaitRefundFinalAsync(refundId);
        var refundRead = await http.GetRefundAsync(refundId);

        foreach (var field in new[] { "createdAt", "deadline" })
        {
            var first = created.GetProperty(field).GetString()!;
            Assert.Matches(Shape(), first);
            Assert.Equal(first, read.GetProperty(field).GetString());
            Assert.Equal(first, final.GetProperty(field).GetString());
            Assert.Equal(first, listed.GetProperty(field).GetString());
        }
        Assert.Matches(Shape(), final.GetProperty("completedAt").GetString()!);
        Assert.Equal(final.GetProperty("completedAt").GetString(), read.GetProperty("completedAt").GetString());
        foreach (var time in Times(refund).Concat(Times(refundFinal)).Concat(Times(refundRead)).Concat(Times(read)))
        {
            Assert.Matches(Shape(), time);
        }
        Assert.Equal(refund.GetProperty("createdAt").GetString(), refundRead.GetProperty("createdAt").GetString());
        Assert.Equal(refundFinal.GetProperty("completedAt").GetString(), refundRead.GetProperty("completedAt").GetString());
    }

    [Fact]
    public void Write_CutsToMilliseconds_AsTheJournalDoes_AndReadTakesAnyIso8601()
    {
        var options = new JsonSerializerOptions { Converters = { new JsonTime() } };
        var instant = new DateTimeOffset(2026, 11, 28, 10, 15, 30, TimeSpan.Zero).AddTicks(1_239_999);

        var written = JsonSerializer.Serialize(instant, options);
        var fromJournal = DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

        Assert.Equal("\"2026-11-28T10:15:30.123+00:00\"", written);
        Assert.Equal(written, JsonSerializer.Serialize(fromJournal, options));
        Assert.Equal(instant, JsonSerializer.Deserialize<DateTimeOffset>("\"2026-11-28T13:15:30.1239999+03:00\"", options));
        Assert.Equal("null", JsonSerializer.Serialize<DateTimeOffset?>(null, options));
    }

    /// <summary>Every string in the answer that parses as an instant with a time of day.</summary>
    private static IEnumerable<string> Times(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Times(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Times),
        JsonValueKind.String when element.GetString() is { Length: >= 19 } s && s[10] == 'T'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => [s],
        _ => [],
    };
}
