using Gateway.Settings;

namespace Tests.Gateway.Settings;

public class SettingsAuditTests
{
    [Fact]
    public void Changes_ListsOldAndNewValues_ButRedactsSecrets()
    {
        var before = new Dictionary<string, string?> { ["TimeoutSeconds"] = "180", ["AgentKey"] = "old-key", ["PosNumber"] = "N100" };
        var after = new Dictionary<string, string?> { ["TimeoutSeconds"] = "240", ["AgentKey"] = "new-key", ["PosNumber"] = "N100" };

        var changes = SettingsAudit.Changes(before, after);

        Assert.Equal(["TimeoutSeconds: \"180\" → \"240\"", "AgentKey: *** → ***"], changes);
    }
}
