using System.ComponentModel.DataAnnotations;

namespace Gateway.Hosting;

/// <summary>The <c>Gateway:FileLog</c> section: the rolling log file an administrator reads.</summary>
public sealed class FileLoggerOptions
{
    public const string Section = "Gateway:FileLog";

    /// <summary>Write log files. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder of the log files. Default <c>&lt;data directory&gt;/logs</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>How many daily files to keep; older ones are deleted. Default 30.</summary>
    [Range(1, 3650)]
    public int RetainedFiles { get; set; } = 30;
}
