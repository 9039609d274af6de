using Gateway.Operations;

namespace Tests.Gateway.Operations;

public sealed class BackoffTests
{
    public static TheoryData<double, int, double> Delays => new()
    {
        // first (s), checks made, pause (s)
        { 30, 0, 30 },
        { 30, 1, 60 },
        { 30, 3, 240 },
        { 30, 5, 900 },
        { 30, 10, 900 },
        { 30, 1000, 900 },
        { 30, int.MaxValue, 900 },
        { 0.5, 0, 0.5 },
        { 0.5, 4, 8 },
        { 0.5, 11, 900 },
        { 1, 9, 512 },
        { 1, 10, 900 },
        { 900, 0, 900 },
        { 3600, 0, 900 },
        { 3600, 2, 900 },
    };

    [Theory]
    [MemberData(nameof(Delays))]
    public void Delay_DoublesFromTheFirst_CappedAtFifteenMinutes(double firstSeconds, int checks, double expectedSeconds)
    {
        var delay = Backoff.Delay(TimeSpan.FromSeconds(firstSeconds), checks);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public void Delay_TheCapIsFifteenMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), Backoff.Max);
    }
}
