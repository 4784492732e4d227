using CarbonNeutralConsortium.Services.Generation;
using CarbonNeutralConsortium.Services.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Tests.Generation;

/// <summary>Runs the generator in process on a test database, and reads the database back with plain SQL.</summary>
internal static class GeneratedData
{
    /// <summary>A small data set with the full data set's shape (ten matches for three requests... three matches a request).</summary>
    public static readonly GeneratorScale TestScale = new("test", 80, 800, 300, 2_400);

    /// <summary>A fixed as-of day: the same seed gives the same rows on any day the tests run.</summary>
    public static readonly DateOnly AsOf = new(2026, 6, 30);

    public static Task<GenerationReport> GenerateAsync(IServiceProvider provider, GenerationOptions options) =>
        provider.InScopeAsync(sp => ActivatorUtilities.CreateInstance<ScaleDataGenerator>(sp).RunAsync(options, null, null, default));

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<(T1, T2)>> RowsAsync<T1, T2>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(T1, T2)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.IsDBNull(0) ? default! : reader.GetFieldValue<T1>(0), reader.IsDBNull(1) ? default! : reader.GetFieldValue<T2>(1)));
        }

        return rows;
    }

    /// <summary>An md5 of every row of every generated table (rows in key order, all columns as text).</summary>
    public static async Task<Dictionary<string, string>> ChecksumsAsync(string connectionString)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["companies"] = "id", ["contact_persons"] = "id", ["contact_consents"] = "id", ["users"] = "id", ["user_roles"] = "user_id, role_id",
            ["overseas_partners"] = "id", ["partnership_requests"] = "id", ["request_contributors"] = "request_id, organization_code",
            ["request_status_changes"] = "id", ["matches"] = "id", ["match_status_changes"] = "id",
        };
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (table, key) in keys)
        {
            sums[table] = await ScalarAsync<string>(connectionString, $"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY {key}), '')) FROM {table} AS t");
        }

        return sums;
    }
}
