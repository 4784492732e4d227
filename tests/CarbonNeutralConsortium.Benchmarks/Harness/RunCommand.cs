using System.Globalization;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>
/// <c>run --app &lt;CarbonNeutralConsortium.Web.dll&gt; --out &lt;dir&gt; [--scale full|small] [--quick] [--generation-log &lt;file&gt;]</c>,
/// with CNC_BENCH_DB (the generated database's connection string) and CNC_BENCH_PASSWORD (the password the
/// generator gave its users) in the environment. ./eng/bench.sh runs it end to end.
/// </summary>
public static class RunCommand
{
    public const string Usage = "usage: run --app <CarbonNeutralConsortium.Web.dll> --out <dir> [--scale full|small] [--quick] [--generation-log <file>]   (env: CNC_BENCH_DB, CNC_BENCH_PASSWORD)";

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var connection = Environment.GetEnvironmentVariable("CNC_BENCH_DB");
        var password = Environment.GetEnvironmentVariable("CNC_BENCH_PASSWORD");
        var app = Option("--app");
        var output = Option("--out");
        if (string.IsNullOrWhiteSpace(connection) || string.IsNullOrWhiteSpace(password) || app is null || output is null)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        if (!File.Exists(app))
        {
            await Console.Error.WriteLineAsync($"The portal is not built: {app} does not exist.");
            return 2;
        }

        var settings = new RunSettings(Option("--scale") ?? "full", args.Contains("--quick"), connection, password, app, output, Option("--generation-log"));
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        return await BenchmarkRun.RunAsync(settings, cancel.Token);
    }
}
