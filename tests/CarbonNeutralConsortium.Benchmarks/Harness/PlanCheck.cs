using System.Text.Json;
using Npgsql;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>EXPLAIN of every command of the hot pages on the generated data: which big tables, if any, are scanned whole.</summary>
public static class PlanCheck
{
    /// <summary>The tables that grow with use (a sequential scan of one of these on a hot page is a defect).</summary>
    public static readonly IReadOnlySet<string> BigTables = new HashSet<string>(StringComparer.Ordinal)
    {
        "partnership_requests", "request_status_changes", "request_contributors", "request_messages", "request_attachments",
        "matches", "match_status_changes", "overseas_partners", "companies", "users", "notifications", "contact_persons", "audit_entries",
    };

    public static async Task<IReadOnlyList<PlanResult>> RunAsync(string connectionString, IReadOnlyList<ReferencePage> pages, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The same rule as the test suite's HotQueryPlanTests: with sequential scans priced out, a Seq Scan still in
        // the plan means no index can serve the query (on small data the planner rightly prefers a scan otherwise).
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync(cancellationToken);
        }

        var results = new List<PlanResult>();
        foreach (var page in pages)
        {
            for (var i = 0; i < page.Commands.Count; i++)
            {
                var step = page.Commands[i];
                await using var command = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + step.Sql, connection);
                step.Bind(command);

                var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
                using var document = JsonDocument.Parse(json);
                var plan = document.RootElement[0].GetProperty("Plan");
                var scans = new List<string>();
                Walk(plan, scans);
                results.Add(new PlanResult(page.Name, i + 1, scans, plan.GetProperty("Node Type").GetString() ?? ""));
            }
        }

        return results;
    }

    private static void Walk(JsonElement node, List<string> scans)
    {
        if (node.GetProperty("Node Type").GetString() == "Seq Scan" && node.TryGetProperty("Relation Name", out var relation)
            && BigTables.Contains(relation.GetString() ?? ""))
        {
            scans.Add(relation.GetString()!);
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, scans);
            }
        }
    }
}
