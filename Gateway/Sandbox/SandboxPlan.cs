namespace Gateway.Sandbox;

/// <summary>Registered only when the gateway runs in sandbox mode (Development and no WebMoneySettings.txt): where the bundle goes.</summary>
public sealed record SandboxPlan(string BundleDirectory);
