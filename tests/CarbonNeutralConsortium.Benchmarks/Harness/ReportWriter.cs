using System.Globalization;
using System.Text;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>The Markdown report (the JSON one is the same record serialized).</summary>
public static class ReportWriter
{
    public static string Markdown(BenchmarkReport r)
    {
        var md = new StringBuilder();
        void Line(FormattableString s) => md.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        var kst = TimeZoneInfo.ConvertTime(r.StartedAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul"));

        Line($"# Benchmark report: {r.Scale} scale{(r.Quick ? " (quick smoke run: few iterations, short load; figures are not comparable)" : "")}");
        md.AppendLine();
        Line($"Run {kst:yyyy-MM-dd HH:mm} KST on {r.Machine}; PostgreSQL on the same machine. Produced by `./eng/bench.sh`.");
        md.AppendLine();
        Line($"Data: {r.Samples.RequestCount:N0} requests, {r.Samples.PartnerCount:N0} overseas partners, {r.Samples.MatchCount:N0} matches; database {r.Samples.DatabaseBytes / 1024.0 / 1024 / 1024:0.00} GB.");
        Line($"Signed in as {r.Samples.CoordinatorEmail} (institute {r.Samples.InstituteCode}, the one leading the most open requests) and {r.Samples.SmeEmail} (the company with the most requests).");
        md.AppendLine();

        md.AppendLine("## Targets (QUALITY.md)");
        md.AppendLine();
        md.AppendLine("| what | target | measured | met |");
        md.AppendLine("|---|---|---|---|");
        foreach (var t in r.Targets)
        {
            Line($"| {t.What} | {t.Target} | {t.Measured}{(t.Note is null ? "" : " — " + t.Note)} | {(t.Met switch { true => "met", false => "**not met**", null => "not measured" })} |");
        }

        md.AppendLine();
        md.AppendLine("## Server time of the hot operations");
        md.AppendLine();
        Line($"Sequential requests, each operation cycling through different filters, pages or records; {(r.Operations.Count > 0 ? r.Operations[0].Requests : 0)} measured per operation after a warm-up. Server time is the portal's own `Server-Timing` (request start to first byte; Razor pages render into a buffer, so this is the whole render); SQL commands are counted by an EF interceptor in the same header; a request that also re-validated the session (once a minute per sign-in: the account's security stamp and claims read again, as the column \"session renewals\" counts) is timed but its extra commands are not the page's.");
        md.AppendLine();
        md.AppendLine("| operation | p50 | p95 | p99 | max | SQL p50 | SQL commands (max) | session renewals | client p50 | failures |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var o in r.Operations)
        {
            Line($"| {o.Name} | {o.Server.P50:0.0} ms | {o.Server.P95:0.0} ms | {o.Server.P99:0.0} ms | {o.Server.Max:0.0} ms | {o.DbP50:0.0} ms | {o.MaxCommands} | {o.SessionRenewals} | {o.Client.P50:0.0} ms | {o.Failures} |");
        }

        md.AppendLine();
        Line($"## Throughput under wrk -c{RunSettings.Connections}, next to the raw-Npgsql reference render");
        md.AppendLine();
        md.AppendLine("The reference render runs the same SQL with the same parameters through raw Npgsql (prepared) on Kestrel and writes every row into an HTML table: no framework, no authentication, no layout. Both run in the same harness run, one after the other, page by page; the ratio is the figure.");
        md.AppendLine();
        md.AppendLine("| page | portal req/s | reference req/s | ratio | portal latency p50 / p99 | reference latency p50 / p99 | portal RSS peak |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var l in r.Load)
        {
            Line($"| {l.Name} (`{l.AppUrl}`) | {l.App.RequestsPerSecond:0} | {l.Reference.RequestsPerSecond:0} | {l.Ratio:P0} | {l.App.LatencyP50Ms:0.0} / {l.App.LatencyP99Ms:0.0} ms | {l.Reference.LatencyP50Ms:0.0} / {l.Reference.LatencyP99Ms:0.0} ms | {l.PeakRssMb:0} MB |");
        }

        if (r.Floor is { } floor)
        {
            md.AppendLine();
            Line($"The portal's floor in the same run: a signed-in page with no data of its own (`/Privacy`: the layout, its unread badge query, authentication, the antiforgery tokens of its forms, logging) serves {floor.RequestsPerSecond:0} req/s (latency p50 / p99 {floor.LatencyP50Ms:0.0} / {floor.LatencyP99Ms:0.0} ms).");
        }

        md.AppendLine();
        md.AppendLine("## Memory and start-up");
        md.AppendLine();
        Line($"- Time from process start to the first served page (home page, 200): {r.StartUpMs:0} ms.");
        Line($"- Resident memory under the wrk load: peak {r.PeakRssMb:0} MB sampled every 100 ms; the process's high-water mark (VmHWM) at the end of the run: {r.HighWaterRssMb:0} MB{(r.HighWaterPhase is null ? "" : $", reached during: {r.HighWaterPhase}")}.");
        md.AppendLine();

        md.AppendLine("## Query plans (EXPLAIN on the generated data)");
        md.AppendLine();
        md.AppendLine("With `enable_seqscan = off`, as in the test suite: a sequential scan left in a plan means no index can serve that query. The generic plan is the one PostgreSQL may switch to once the portal's connection has prepared the statement (automatic preparation), planned for any parameter values with the default settings.");
        md.AppendLine();
        md.AppendLine("| page | command | top plan node | sequential scans of growing tables | generic plan: sequential scans |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var p in r.Plans)
        {
            Line($"| {p.Page} | {p.Command} | {p.TopNode} | {(p.SeqScans.Count == 0 ? "none" : string.Join(", ", p.SeqScans))} | {(p.GenericSeqScans is null ? "not explained" : p.GenericSeqScans.Count == 0 ? "none" : string.Join(", ", p.GenericSeqScans))} |");
        }

        if (!string.IsNullOrWhiteSpace(r.Generation))
        {
            md.AppendLine();
            md.AppendLine("## Data generation (`cnc generate`)");
            md.AppendLine();
            md.AppendLine("```");
            md.AppendLine(r.Generation);
            md.AppendLine("```");
        }

        return md.ToString();
    }
}
