using Gateway;
using Gateway.Reports;
using Microsoft.Extensions.Options;

namespace Tests.Gateway.Reports;

/// <summary>The local day's UTC bounds at the ends of the calendar, in every zone this machine knows (issue #28 §1).</summary>
public sealed class ReportTimeZoneTests
{
    public static TheoryData<string> Zones()
    {
        var data = new TheoryData<string>();
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            data.Add(zone.Id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Bounds_FirstAndLastDay_AnsweredInEveryZone_OneDayApart(string id)
    {
        var zone = new ReportTimeZone(Options.Create(new GatewayOptions { TimeZone = id }), TimeProvider.System);

        var first = zone.Bounds(ReportTimeZone.FirstDay);
        var last = zone.Bounds(ReportTimeZone.LastDay);

        Assert.InRange((first.End - first.Start).TotalHours, 20, 28);
        Assert.InRange((last.End - last.Start).TotalHours, 20, 28);
    }

    [Theory]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("America/Adak")]
    [InlineData("Etc/GMT-14")]
    [InlineData("Etc/GMT+12")]
    public void Bounds_BeyondTheRange_RefusedUpFront(string id)
    {
        var zone = new ReportTimeZone(Options.Create(new GatewayOptions { TimeZone = id }), TimeProvider.System);

        Assert.Throws<ArgumentOutOfRangeException>(() => zone.Bounds(DateOnly.MinValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => zone.Bounds(DateOnly.MaxValue));
        Assert.False(ReportTimeZone.InRange(DateOnly.MinValue));
        Assert.False(ReportTimeZone.InRange(DateOnly.MaxValue));
    }
}
