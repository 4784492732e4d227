using System.Diagnostics;
using System.Globalization;
using CarbonNeutralConsortium.Services.Generation;
using CarbonNeutralConsortium.Services;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// The benchmark harness. Today one benchmark: "matching" ranks generated requests against N generated partners
// through MatchingService (SQL retrieval + in-memory scoring, as the workbench does) and prints p50/p95/p99.
//   dotnet run -c Release --project tests/CarbonNeutralConsortium.Benchmarks -- matching [--partners 100000] [--requests 300] [--seed 42] [--keep]
// CNC_BENCH_PG (or CNC_TEST_PG): admin connection string of a server where the role may CREATE DATABASE. The
// benchmark creates and drops its own database, cnc_bench_matching.
if (args.Length > 0 && args[0] == "run")
{
    return await CarbonNeutralConsortium.Benchmarks.Harness.RunCommand.RunAsync(args);
}

var options = Args.Parse(args);
if (options.Command != "matching")
{
    Console.Error.WriteLine("usage: matching [--partners N] [--requests N] [--seed N] [--keep]");
    return 2;
}

var admin = Environment.GetEnvironmentVariable("CNC_BENCH_PG") ?? Environment.GetEnvironmentVariable("CNC_TEST_PG");
if (string.IsNullOrWhiteSpace(admin))
{
    Console.Error.WriteLine("Set CNC_BENCH_PG (or CNC_TEST_PG) to the admin connection string of a PostgreSQL server.");
    return 2;
}

const string Database = "cnc_bench_matching";
await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
await ExecuteAsync(admin, $"CREATE DATABASE {Database}");
var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = Database }.ConnectionString;
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Default"] = connectionString,
    ["Email:PublicBaseUrl"] = "https://portal.bench",
}).Build();
await using var provider = new ServiceCollection()
    .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(configuration)
    .AddConsortiumServices(configuration)
    .BuildServiceProvider();
try
{
    await using (var scope = provider.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAndSeedAsync();
    }

    var generator = new PartnerGenerator(provider.GetRequiredService<MatchingVocabularies>().Vocabulary, options.Seed);
    var load = Stopwatch.StartNew();
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        await generator.CopyAsync(connection, options.Partners, default);
        await using var analyze = new NpgsqlCommand("ANALYZE overseas_partners", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    Console.WriteLine($"Generated {options.Partners:N0} partners (seed {options.Seed}) in {load.Elapsed.TotalSeconds:0.0} s (binary COPY + ANALYZE).");

    var random = new Random(options.Seed + 1);
    var requests = Enumerable.Range(0, options.Requests + 20).Select(i => generator.Request(random, i)).ToList();
    var timings = new List<double>();
    var retrieved = new List<int>();
    for (var i = 0; i < requests.Count; i++)
    {
        await using var scope = provider.CreateAsyncScope();
        var matching = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var watch = Stopwatch.StartNew();
        var (ranked, count) = await matching.RankCandidatesAsync(requests[i], default);
        watch.Stop();
        if (i >= 20)
        {
            // The first 20 warm up the JIT, the connection pool and PostgreSQL's caches.
            timings.Add(watch.Elapsed.TotalMilliseconds);
            retrieved.Add(count);
        }

        _ = ranked.Count;
    }

    timings.Sort();
    double P(double q) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(q * timings.Count) - 1)];
    var engine = provider.GetRequiredService<CarbonNeutralConsortium.Domain.Matching.MatchingEngine>();
    Console.WriteLine($"Ranking one request over {options.Partners:N0} partners ({options.Requests} requests, retrieval included, engine {engine.Version}):");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  p50 {P(0.50):0.0} ms · p95 {P(0.95):0.0} ms · p99 {P(0.99):0.0} ms · max {timings[^1]:0.0} ms · candidates retrieved: mean {retrieved.Average():0}, min {retrieved.Min()}, max {retrieved.Max()}"));
    return 0;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (!options.Keep)
    {
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
    }
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

internal sealed record Args(string Command, int Partners, int Requests, int Seed, bool Keep)
{
    public static Args Parse(string[] args)
    {
        int Int(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
        }

        return new Args(args.Length > 0 ? args[0] : "", Int("--partners", 100_000), Int("--requests", 300), Int("--seed", 42), args.Contains("--keep"));
    }
}
