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
        var name = $"{Prefix}_{Guid.NewGuid():N}"[..Math.Min(63, Prefix.Length + 13)];
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return name;
    }

    /// <summary>Creates an empty database (no migrations), for the migration test.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        // After the template step, whose clean-up drops this assembly's leftover databases.
        await Template.Value;
        var name = $"{Prefix}_{Guid.NewGuid():N}"[..Math.Min(63, Prefix.Length + 13)];
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        return name;
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var template = Prefix + "_template";

        // Databases left by an earlier, interrupted run of this same test assembly.
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
                    stale.Add(reader.GetString(0));
                }
            }

            foreach (var name in stale)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        await ExecuteOnServerAsync($"CREATE DATABASE \"{template}\"");
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddConsortiumServices(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = ConnectionStringFor(template) })
                .Build());
        await using (var provider = services.BuildServiceProvider())
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAndSeedAsync();
        }

        // CREATE DATABASE ... TEMPLATE needs a template nobody is connected to.
        NpgsqlConnection.ClearAllPools();
        return template;
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
