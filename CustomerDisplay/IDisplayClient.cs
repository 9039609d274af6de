namespace CustomerDisplay;

/// <summary>What the server calls on a display page. Pushes are whole snapshots.</summary>
public interface IDisplayClient
{
    Task Snapshot(DisplaySnapshot snapshot);
}
