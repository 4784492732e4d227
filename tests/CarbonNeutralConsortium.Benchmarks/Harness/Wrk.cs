using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>What one wrk run measured.</summary>
public sealed record WrkResult(string Url, double RequestsPerSecond, long Requests, long NonSuccess, long SocketErrors, double LatencyP50Ms, double LatencyP99Ms);

/// <summary>Runs wrk (Debian's package) at a fixed number of connections for a fixed time against one URL.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, string? cookieHeader, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "--latency" })
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.IsNullOrEmpty(cookieHeader))
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Cookie: " + cookieHeader);
        }

        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (install the Debian package wrk)");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {error}{output}");
        }

        return Parse(url.ToString(), output);
    }

    public static WrkResult Parse(string url, string output)
    {
        var rps = Number(RequestsPerSecond(), output);
        var total = (long)Number(TotalRequests(), output);
        var nonSuccess = (long)Number(NonSuccess(), output, 0);
        var socket = SocketErrors().Match(output);
        long socketErrors = 0;
        if (socket.Success)
        {
            for (var g = 1; g <= 4; g++)
            {
                socketErrors += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
            }
        }

        return new WrkResult(url, rps, total, nonSuccess, socketErrors, Latency(output, "50%"), Latency(output, "99%"));
    }

    private static double Number(Regex regex, string text, double? fallback = null)
    {
        var match = regex.Match(text);
        if (match.Success)
        {
            return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return fallback ?? throw new FormatException($"Unexpected wrk output: {text}");
    }

    /// <summary>A line of wrk's latency distribution, e.g. "     99%   45.12ms", in milliseconds.</summary>
    private static double Latency(string output, string percentile)
    {
        var match = Regex.Match(output, @"^\s*" + Regex.Escape(percentile) + @"\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"([0-9]+) requests in")]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)")]
    private static partial Regex SocketErrors();
}
