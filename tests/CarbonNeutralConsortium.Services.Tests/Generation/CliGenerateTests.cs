using System.Diagnostics;
using System.Text;
using CarbonNeutralConsortium.Services.Generation;
using CarbonNeutralConsortium.Testing;
using static CarbonNeutralConsortium.Services.Tests.Generation.GeneratedData;

namespace CarbonNeutralConsortium.Services.Tests.Generation;

/// <summary>The real <c>cnc generate</c> process on a test database: the small scale, refusals with exit code 2.</summary>
public sealed class CliGenerateTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static string CncDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "CarbonNeutralConsortium.Cli", "bin", output.Parent!.Name, output.Name, "cnc.dll");
        Assert.True(File.Exists(dll), $"cnc.dll not built at {dll}");
        return dll;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
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

        start.Environment["ConnectionStrings__Default"] = fixture.ConnectionString;
        start.Environment.Remove("CNC_GENERATE_PASSWORD");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Cnc_generate_makes_the_small_data_set_and_then_refuses_to_run_again_without_replace()
    {
        var (exit, output, error) = await RunAsync("generate", "--scale", "small", "--seed", "5", "--as-of", "2026-06-30");
        Assert.True(exit == 0, error + output);
        Assert.Contains("matches", output, StringComparison.Ordinal);
        Assert.Contains("30,000", output, StringComparison.Ordinal);
        Assert.Contains("database size", output, StringComparison.Ordinal);
        Assert.Equal(GeneratorScale.Small.Requests, await ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM partnership_requests"));
        Assert.Equal(GeneratorScale.Small.Matches, await ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM matches"));
        Assert.Equal(0, await ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM users WHERE password_hash IS NOT NULL"));

        var again = await RunAsync("generate", "--scale", "small", "--seed", "6");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--replace", again.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", again.Error, StringComparison.Ordinal);
        Assert.Equal(GeneratorScale.Small.Requests, await ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM partnership_requests"));
    }

    [Theory]
    [InlineData("--password", "short-pw")]
    [InlineData("--as-of", "30.06.2026")]
    public async Task Cnc_generate_refuses_a_bad_option_with_exit_code_2(string option, string value)
    {
        var (exit, _, error) = await RunAsync("generate", "--scale", "small", option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith("cnc: ", error, StringComparison.Ordinal);
    }
}
