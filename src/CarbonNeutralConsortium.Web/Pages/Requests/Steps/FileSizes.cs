using System.Globalization;

namespace CarbonNeutralConsortium.Web.Pages.Requests.Steps;

public static class FileSizes
{
    /// <summary>"512 B", "34 KB", "1.2 MB".</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => Math.Ceiling(bytes / 1024.0).ToString(CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
    };
}
