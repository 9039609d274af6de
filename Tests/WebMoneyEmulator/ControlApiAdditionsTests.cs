using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
namespace Tests.WebMoneyEmulator;

/// <summary>SPEC §5 control API additions, through HTTP: fault kinds refusal / unknownStatus and option clockOffsetSeconds.</summary>
public sealed class ControlApiAdditionsTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    [Fact]
    public async Task Faults_RefusalAndUnknownStatus_QueuedWithTheirDefaultsOrGivenValues()
    {
        await emulator.Control.DeleteAsync("/emulator/faults");

        var refusal = await emulator.Control.PostAsJsonAsync("/emulator/faults", new { operation = "GetPaymentStatus", kind = "refusal", count = 2 });
        var coded = await emulator.Control.PostAsJsonAsync("/emulator/faults", new { operation = "CancelPayment", kind = "refusal", count = 1, resultCode = 11 });
        var unknown = await emulator.Control.PostAsJsonAsync("/emulator/faults", new { operation = "*", kind = "unknownStatus", count = 1 });
        var named = await emulator.Control.PostAsJsonAsync("/emulator/faults", new { operation = "*", kind = "unknownStatus", count = 1, status = "OnHold" });
        var faults = await emulator.Control.GetFromJsonAsync<JsonElement>("/emulator/faults");
        await emulator.Control.DeleteAsync("/emulator/faults");

        Assert.All(new[] { refusal, coded, unknown, named }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(30, faults[0].GetProperty("resultCode").GetInt32());
        Assert.Equal(11, faults[1].GetProperty("resultCode").GetInt32());
        Assert.Equal("Frozen", faults[2].GetProperty("status").GetString());
        Assert.Equal("OnHold", faults[3].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"operation":"GetPaymentStatus","kind":"refusal","resultCode":100}""", "resultCode")]
    [InlineData("""{"operation":"GetPaymentStatus","kind":"http500","resultCode":30}""", "resultCode")]
    [InlineData("""{"operation":"GetPaymentStatus","kind":"hang","status":"Frozen"}""", "status")]
    public async Task Faults_ParameterThatDoesNotFitTheKind_400NamingIt(string body, string field)
    {
        var response = await emulator.Control.PostAsync("/emulator/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(emulator.Host.GetFaults());
    }

    [Fact]
    public async Task Options_ClockOffsetSeconds_SetReadBackAndKeptWhenLeftOut()
    {
        var set = await emulator.Control.PostAsJsonAsync("/emulator/options", new { clockOffsetSeconds = 90 });
        var kept = await emulator.Control.PostAsJsonAsync("/emulator/options", new { autoPayAfterSeconds = (int?)null });
        var read = await emulator.Control.GetFromJsonAsync<JsonElement>("/emulator/options");
        await emulator.Control.PostAsJsonAsync("/emulator/options", new { clockOffsetSeconds = 0 });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(90, read.GetProperty("clockOffsetSeconds").GetDouble());
        Assert.Equal(TimeSpan.Zero, emulator.Host.ClockOffset);
    }
}
