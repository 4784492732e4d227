using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>How long and how hard the harness measures: the full run, or a quick smoke run (the test suite's).</summary>
public sealed record RunSettings(string Scale, bool Quick, string ConnectionString, string Password, string AppDll, string OutputDirectory, string? GenerationLog)
{
    public int Warmup => Quick ? 3 : 20;

    /// <summary>Requests of every operation before any is measured (see <see cref="BenchmarkRun"/>).</summary>
    public int GlobalWarmup => Quick ? 2 : 60;

    public int Iterations => Quick ? 12 : 300;

    public TimeSpan WrkDuration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(12);

    public TimeSpan WrkWarmup => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    public const int Connections = 32;
}

/// <summary>One hot operation: who asks, and the URLs it cycles through (different filters, pages, records).</summary>
public sealed record Operation(string Key, string Name, string Role, IReadOnlyList<string> Urls);

/// <param name="MaxCommands">The most SQL commands one request of the operation ran, not counting requests that also re-validated the session.</param>
/// <param name="SessionRenewals">Requests that also re-validated the session (once a minute per sign-in; their time is counted, their extra commands are not).</param>
public sealed record OperationResult(string Key, string Name, string Role, Percentiles Server, Percentiles Client, double DbP50, int MaxCommands, int Requests, int Failures,
    string? FirstFailure, int SessionRenewals = 0);

public sealed record LoadResult(string Key, string Name, string AppUrl, WrkResult App, WrkResult Reference, double Ratio, double PeakRssMb);

/// <param name="GenericSeqScans">The big tables the generic plan (what a prepared statement may switch to) scans whole; null when it could not be explained.</param>
public sealed record PlanResult(string Page, int Command, IReadOnlyList<string> SeqScans, string TopNode, IReadOnlyList<string>? GenericSeqScans);

public sealed record BenchmarkReport(
    string Scale,
    bool Quick,
    DateTimeOffset StartedAt,
    string Machine,
    Samples Samples,
    string? Generation,
    double StartUpMs,
    IReadOnlyList<OperationResult> Operations,
    IReadOnlyList<LoadResult> Load,
    WrkResult? Floor,
    IReadOnlyList<PlanResult> Plans,
    double PeakRssMb,
    double HighWaterRssMb,
    string? HighWaterPhase,
    IReadOnlyList<TargetResult> Targets);

public sealed record TargetResult(string What, string Target, string Measured, bool? Met, string? Note);

/// <summary>The benchmark: picks samples, starts the portal, measures each hot operation, loads the hot pages with wrk next to the reference render, checks plans, writes the report.</summary>
public static class BenchmarkRun
{
    public static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var startedAt = DateTimeOffset.UtcNow;
        Console.WriteLine($"[bench] picking samples from the database ({settings.Scale})");
        var samples = await Samples.PickAsync(settings.ConnectionString, cancellationToken);
        Console.WriteLine($"[bench] {samples.RequestCount:N0} requests, {samples.PartnerCount:N0} partners, {samples.MatchCount:N0} matches; institute {samples.InstituteCode}, SME {samples.SmeEmail}");

        Console.WriteLine("[bench] starting the portal (Release, Production)");
        await using var app = await AppProcess.StartAsync(settings.AppDll, settings.ConnectionString, Path.Combine(settings.OutputDirectory, "portal.log"), cancellationToken);
        Console.WriteLine($"[bench] first page served {app.StartUpTime.TotalMilliseconds:0} ms after process start");
        using var phases = new PhaseMemory(app, "start-up");

        var sessions = new Dictionary<string, PortalSession>();
        async Task<PortalSession> Session(string role)
        {
            var session = new PortalSession(app.Address);
            var email = role switch
            {
                "coordinator" => samples.CoordinatorEmail,
                "admin" => samples.AdminEmail,
                _ => samples.SmeEmail,
            };
            await session.SignInAsync(email, settings.Password, cancellationToken);
            return session;
        }

        sessions["coordinator"] = await Session("coordinator");
        sessions["sme"] = await Session("sme");
        sessions["admin"] = await Session("admin");

        var operations = HotOperations.For(samples);

        // A server that has run for a while: every operation's pages first (JIT and tiered compilation of the code they
        // reach, the connection pool, PostgreSQL's caches and prepared statements), none of it measured, so that the
        // first operation measured does not pay for the process's first minutes.
        Console.WriteLine($"[bench] warming up: {settings.GlobalWarmup} requests of each operation");
        phases.Phase = "warm-up";
        foreach (var operation in operations)
        {
            for (var i = 0; i < settings.GlobalWarmup; i++)
            {
                await sessions[operation.Role].GetAsync(operation.Urls[i % operation.Urls.Count], cancellationToken);
            }
        }

        var results = new List<OperationResult>();
        foreach (var operation in operations)
        {
            phases.Phase = operation.Name;
            var result = await MeasureAsync(sessions[operation.Role], operation, settings, cancellationToken);
            results.Add(result);
            Console.WriteLine($"[bench] {operation.Name}: server {result.Server}; SQL commands ≤ {result.MaxCommands}{(result.Failures > 0 ? $"; {result.Failures} FAILED ({result.FirstFailure})" : "")}");
        }

        var pages = await ReferenceQueries.CaptureAsync(settings.ConnectionString, samples, cancellationToken);
        await using var reference = await ReferenceServer.StartAsync(settings.ConnectionString, pages);
        var load = new List<LoadResult>();
        var peak = 0.0;
        foreach (var (key, name, role, url) in HotOperations.LoadTargets(samples))
        {
            // A fresh sign-in per run: the cookie is re-validated after a minute, and wrk cannot take a renewed cookie.
            using var session = await Session(role);
            var check = await session.GetAsync(url, cancellationToken);
            if (check.Status != 200)
            {
                throw new InvalidOperationException($"{url} answered {check.Status} before the load test.");
            }

            var appUrl = new Uri(app.Address, url);
            phases.Phase = "wrk " + name;
            await Wrk.RunAsync(appUrl, session.CookieHeader, RunSettings.Connections, settings.WrkWarmup, cancellationToken);
            using var sampler = new MemorySampler(app);
            var appResult = await Wrk.RunAsync(appUrl, session.CookieHeader, RunSettings.Connections, settings.WrkDuration, cancellationToken);
            var rss = sampler.Stop();
            peak = Math.Max(peak, rss);
            await Wrk.RunAsync(reference.PageUrl(key), null, RunSettings.Connections, settings.WrkWarmup, cancellationToken);
            var referenceResult = await Wrk.RunAsync(reference.PageUrl(key), null, RunSettings.Connections, settings.WrkDuration, cancellationToken);
            var ratio = referenceResult.RequestsPerSecond > 0 ? appResult.RequestsPerSecond / referenceResult.RequestsPerSecond : double.NaN;
            load.Add(new LoadResult(key, name, url, appResult, referenceResult, ratio, rss));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[bench] wrk -c{RunSettings.Connections} {name}: portal {appResult.RequestsPerSecond:0} req/s, reference {referenceResult.RequestsPerSecond:0} req/s, ratio {ratio:P0}; RSS {rss:0} MB"));
            if (appResult.NonSuccess > 0 || referenceResult.NonSuccess > 0 || appResult.SocketErrors > 0)
            {
                throw new InvalidOperationException($"wrk saw errors on {name}: portal {appResult.NonSuccess} non-2xx, {appResult.SocketErrors} socket errors; reference {referenceResult.NonSuccess} non-2xx.");
            }
        }

        // The floor of the portal's own work: a signed-in page with no data of its own (the privacy policy: the layout,
        // the unread badge's query, authentication, antiforgery tokens of the layout's forms, logging).
        WrkResult floor;
        phases.Phase = "wrk /Privacy";
        using (var session = await Session("sme"))
        {
            var privacy = new Uri(app.Address, "/Privacy");
            await Wrk.RunAsync(privacy, session.CookieHeader, RunSettings.Connections, settings.WrkWarmup, cancellationToken);
            floor = await Wrk.RunAsync(privacy, session.CookieHeader, RunSettings.Connections, settings.WrkDuration, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] wrk -c{RunSettings.Connections} signed-in page without data (/Privacy): portal {floor.RequestsPerSecond:0} req/s"));
        }

        var plans = await PlanCheck.RunAsync(settings.ConnectionString, pages, cancellationToken);
        var (_, highWater) = app.Memory();
        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }

        var generation = settings.GenerationLog is { } log && File.Exists(log) ? (await File.ReadAllTextAsync(log, cancellationToken)).Trim() : null;
        var report = new BenchmarkReport(settings.Scale, settings.Quick, startedAt, Machine(), samples, generation, app.StartUpTime.TotalMilliseconds,
            results, load, floor, plans, peak, highWater, phases.PeakPhase, []);
        report = report with { Targets = Targets.Evaluate(report) };
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "report.json"),
            JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }),
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "report.md"), ReportWriter.Markdown(report), cancellationToken);
        Console.WriteLine($"[bench] report: {Path.Combine(settings.OutputDirectory, "report.md")}");

        var failures = results.Sum(r => r.Failures);
        if (failures > 0)
        {
            Console.Error.WriteLine($"[bench] {failures} request(s) failed: see the report.");
            return 1;
        }

        return 0;
    }

    private static async Task<OperationResult> MeasureAsync(PortalSession session, Operation operation, RunSettings settings, CancellationToken cancellationToken)
    {
        var server = new List<double>();
        var client = new List<double>();
        var db = new List<double>();
        var maxCommands = 0;
        var renewals = 0;
        var failures = 0;
        string? firstFailure = null;
        for (var i = 0; i < settings.Warmup + settings.Iterations; i++)
        {
            var url = operation.Urls[i % operation.Urls.Count];
            var timed = await session.GetAsync(url, cancellationToken);
            if (timed.Status != 200)
            {
                failures++;
                firstFailure ??= $"{url} → HTTP {timed.Status}";
                continue;
            }

            if (i < settings.Warmup)
            {
                // JIT, connection pool, PostgreSQL's caches.
                continue;
            }

            server.Add(timed.ServerMs);
            client.Add(timed.ClientMs);
            db.Add(timed.DbMs);
            if (timed.RenewedSession)
            {
                renewals++;
            }
            else
            {
                maxCommands = Math.Max(maxCommands, timed.Commands);
            }
        }

        return new OperationResult(operation.Key, operation.Name, operation.Role, Percentiles.Of(server), Percentiles.Of(client), Percentiles.Of(db).P50,
            maxCommands, settings.Iterations, failures, firstFailure, renewals);
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024)} GB, .NET {Environment.Version}";
    }

    /// <summary>
    /// Follows the process's high-water mark (VmHWM) every 100 ms for the whole run and remembers the phase it rose in
    /// last: where the peak memory came from.
    /// </summary>
    private sealed class PhaseMemory : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task sampling;
        private volatile string phase;
        private string? peakPhase;

        public PhaseMemory(AppProcess app, string first)
        {
            phase = first;
            var (_, start) = app.Memory();
            var highest = double.IsNaN(start) ? 0 : start;
            peakPhase = first;
            sampling = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var (_, hwm) = app.Memory();
                    if (!double.IsNaN(hwm) && hwm > highest + 0.5)
                    {
                        highest = hwm;
                        peakPhase = phase;
                    }

                    try
                    {
                        await Task.Delay(100, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });
        }

        public string Phase
        {
            set => phase = value;
        }

        /// <summary>The phase during which the high-water mark last rose.</summary>
        public string? PeakPhase => peakPhase;

        public void Dispose()
        {
            stop.Cancel();
            sampling.GetAwaiter().GetResult();
            stop.Dispose();
        }
    }

    /// <summary>Samples the portal's resident memory every 100 ms while a load test runs.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task<double> sampling;

        public MemorySampler(AppProcess app)
        {
            sampling = Task.Run(async () =>
            {
                var peak = 0.0;
                while (!stop.IsCancellationRequested)
                {
                    var (rss, _) = app.Memory();
                    if (!double.IsNaN(rss))
                    {
                        peak = Math.Max(peak, rss);
                    }

                    try
                    {
                        await Task.Delay(100, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                return peak;
            });
        }

        public double Stop()
        {
            stop.Cancel();
            return sampling.GetAwaiter().GetResult();
        }

        public void Dispose() => stop.Dispose();
    }
}
