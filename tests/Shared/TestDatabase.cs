using CarbonNeutralConsortium.Services;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CarbonNeutralConsortium.Testing;

/// <summary>
/// The real PostgreSQL that eng/test.sh starts (CNC_TEST_PG: a connection string to its maintenance database, as
/// a role with CREATEDB). Per test assembly, one template database is migrated and seeded once; each test class
/// gets its own database cloned from it (CREATE DATABASE ... TEMPLATE), dropped WITH (FORCE) afterwards.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>Names are prefixed per test assembly, so test projects running in parallel never meet.</summary>
    /// <summary>
    /// Names are prefixed per test assembly (this file is compiled into each), so test projects running in
    /// parallel never meet: cnc_test_services_..., cnc_test_web_...
    /// </summary>
    public static string Prefix { get; } = "cnc_test_" + new string(
        (typeof(TestDatabase).Assembly.GetName().Name ?? "tests")
            .Replace("CarbonNeutralConsortium.", "", StringComparison.Ordinal)
            .Replace(".Tests", "", StringComparison.Ordinal)
            .ToLowerInvariant()
            .Where(char.IsLetterOrDigit)
            .ToArray());

    /// <summary>
    /// This run: its start time (UTC, to the second) and a random part. Two runs at once on one server (two clones,
    /// the CLI and a developer) each use their own names; clean-up only drops databases of runs over 6 hours old.
    /// </summary>
    private static readonly string RunPrefix = $"{Prefix}_{DateTime.UtcNow:yyMMddHHmmss}{Random.Shared.Next(0x10000):x4}";

    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(6);

    public static string ServerConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("CNC_TEST_PG");
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    "CNC_TEST_PG is not set. Run the tests with ./eng/test.sh, which starts PostgreSQL and sets it " +
                    "(a connection string to the maintenance database of a server where the role may CREATE DATABASE).");
            }

            return value;
        }
    }

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true }.ConnectionString;

    /// <summary>Creates a fresh database from the migrated, seeded template and returns its name.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await Template.Value;
        var name = NewName();
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return name;
    }

    /// <summary>Creates an empty database (no migrations), for the migration test.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        // After the template step, whose clean-up drops this assembly's leftover databases.
        await Template.Value;
        var name = NewName();
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        return name;
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // FORCE may not terminate an autovacuum worker (it runs as no role we are a member of) that started on the
            // freshly written database; a plain DROP cancels autovacuum itself and waits a few seconds for the rest.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\"");
                    return;
                }
                catch (PostgresException busy) when (busy.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
                {
                    await Task.Delay(500);
                }
            }
        }
    }

    /// <summary>Applies the migrations and the reference seed to the (existing, empty) database of the connection string.</summary>
    public static async Task MigrateAndSeedAsync(string connectionString)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddConsortiumServices(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = connectionString })
                .Build());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAndSeedAsync();
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var template = RunPrefix + "_tpl";

        // Databases left by earlier, interrupted runs of this test assembly (those of runs still going are younger).
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @prefix", connection);
            list.Parameters.AddWithValue("prefix", Prefix + "\\_%");
            var stale = new List<string>();
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var name = reader.GetString(0);
                    if (StartedAt(name) is { } started && DateTime.UtcNow - started > StaleAfter)
                    {
                        stale.Add(name);
                    }
                }
            }

            foreach (var name in stale)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        await ExecuteOnServerAsync($"CREATE DATABASE \"{template}\"");
        await MigrateAndSeedAsync(ConnectionStringFor(template));

        // CREATE DATABASE ... TEMPLATE needs a template nobody is connected to.
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly(template);
        return template;
    }

    private static string NewName() => $"{RunPrefix}_{Guid.NewGuid():N}"[..(RunPrefix.Length + 9)];

    /// <summary>The start time of the run that made a database, read from its name; null for other names.</summary>
    private static DateTime? StartedAt(string name)
    {
        var stamp = name.Length > Prefix.Length + 13 ? name.Substring(Prefix.Length + 1, 12) : "";
        return DateTime.TryParseExact(stamp, "yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var started)
            ? started
            : null;
    }

    /// <summary>Best effort at the end of the run; what it misses, a later run's clean-up drops.</summary>
    private static void DropQuietly(string name)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(ServerConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>xunit class fixture: one database for the test class, cloned from the template.</summary>
public sealed class DatabaseFixture : Xunit.IAsyncLifetime
{
    public string Name { get; private set; } = "";

    public string ConnectionString => TestDatabase.ConnectionStringFor(Name);

    public async Task InitializeAsync() => Name = await TestDatabase.CreateAsync();

    public Task DisposeAsync() => TestDatabase.DropAsync(Name);
}
