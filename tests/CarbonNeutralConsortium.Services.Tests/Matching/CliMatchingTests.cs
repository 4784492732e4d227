using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CarbonNeutralConsortium.Services.Tests.Matching;

/// <summary>The real <c>cnc match</c> and <c>cnc evaluate</c> processes on the evaluation set, with no connection string at all.</summary>
public class CliMatchingTests
{
    private static string CncDll()
    {
        // tests/CarbonNeutralConsortium.Services.Tests/bin/{Configuration}/net10.0/ → src/CarbonNeutralConsortium.Cli/bin/{Configuration}/net10.0/cnc.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "CarbonNeutralConsortium.Cli", "bin", configuration, framework, "cnc.dll");
        Assert.True(File.Exists(dll), $"cnc.dll not built at {dll}");
        return dll;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CncDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No database: remove every connection string the test environment may carry.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase) || k.StartsWith("CNC_TEST_PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Cnc_match_prints_the_results_json_without_a_database()
    {
        var (exit, output, error) = await RunAsync("match", "--partners", EvaluationSetTests.PathOf("partners.csv"),
            "--requests", EvaluationSetTests.PathOf("requests.jsonl"), "--top", "5", "--language", "en");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.StartsWith("cnc-match/1+w", json.RootElement.GetProperty("engine_version").GetString(), StringComparison.Ordinal);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(28, results.Count);
        Assert.Equal("R-01", results[0].GetProperty("request_id").GetString());
        foreach (var result in results)
        {
            var matches = result.GetProperty("matches").EnumerateArray().ToList();
            Assert.InRange(matches.Count, 1, 5);
            Assert.Equal(Enumerable.Range(1, matches.Count), matches.Select(m => m.GetProperty("rank").GetInt32()));
            Assert.All(matches, m => Assert.InRange(m.GetProperty("score").GetDouble(), 0, 100));
            Assert.All(matches, m => Assert.False(m.GetProperty("excluded").GetBoolean()));
            Assert.All(matches, m => Assert.Equal(
                ["technology", "keywords", "country", "partner_type", "cooperation_type", "trl", "network", "track_record"],
                m.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("factor").GetString())));
        }

        var first = results[0].GetProperty("matches")[0];
        Assert.Equal("P-002", first.GetProperty("partner_id").GetString());
        Assert.Equal("Methane utilization and conversion (CCUS.METHANE) matches exactly", first.GetProperty("factors")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Cnc_match_gives_the_same_output_twice_and_korean_reasons_by_default()
    {
        string[] args = ["match", "--partners", EvaluationSetTests.PathOf("partners.csv"), "--requests", EvaluationSetTests.PathOf("requests.jsonl")];

        var first = await RunAsync(args);
        var second = await RunAsync(args);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
        Assert.Contains("메탄 활용·전환(CCUS.METHANE) 정확히 일치", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cnc_evaluate_prints_the_figures_and_exits_0_without_a_database()
    {
        var (exit, output, error) = await RunAsync("evaluate", "--partners", EvaluationSetTests.PathOf("partners.csv"),
            "--requests", EvaluationSetTests.PathOf("requests.jsonl"), "--expected", EvaluationSetTests.PathOf("expected.json"), "--language", "en");

        Assert.True(exit == 0, error);
        Assert.Contains("Engine: cnc-match/1+w", output, StringComparison.Ordinal);
        Assert.Contains("hit@1", output, StringComparison.Ordinal);
        Assert.Contains("hit@3", output, StringComparison.Ordinal);
        Assert.Contains("hit@10", output, StringComparison.Ordinal);
        Assert.Contains("MRR", output, StringComparison.Ordinal);
        Assert.Contains("nDCG@10", output, StringComparison.Ordinal);
        Assert.Contains("R-01 ", output, StringComparison.Ordinal);
        Assert.Contains("R-28 ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_input_file_gives_a_message_and_exit_code_1_not_a_stack_trace()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"cnc-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "external_id,name,country,partner_type,technology_codes\nP-1,X,XX,robot,CCUS\n");
        try
        {
            var (exit, output, error) = await RunAsync("match", "--partners", bad, "--requests", EvaluationSetTests.PathOf("requests.jsonl"));
            var missing = await RunAsync("match", "--partners", bad + ".missing", "--requests", EvaluationSetTests.PathOf("requests.jsonl"));

            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Assert.Contains("row 2, country: Csv.UnknownCountry \"XX\"", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("Cannot read", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
