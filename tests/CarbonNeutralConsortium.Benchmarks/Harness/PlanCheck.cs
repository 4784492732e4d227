using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>
/// EXPLAIN of every command of the hot pages on the generated data: which big tables, if any, are scanned whole. Twice:
/// the plan for these parameter values with sequential scans priced out (can an index serve it?), and the generic plan
/// PostgreSQL may switch to once the portal's connection has prepared the statement (Npgsql's automatic preparation:
/// after five executions a plan for any parameter values, chosen on estimates alone), with the planner's default settings.
/// </summary>
public static partial class PlanCheck
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
                var generic = await GenericPlanScansAsync(connection, step, command.Parameters, cancellationToken);
                results.Add(new PlanResult(page.Name, i + 1, scans, plan.GetProperty("Node Type").GetString() ?? "", generic));
            }
        }

        return results;
    }

    /// <summary>
    /// The big tables the generic plan of the command scans whole (default planner settings), or null when it could not be
    /// prepared. PostgreSQL 15 has no EXPLAIN (GENERIC_PLAN): the statement is prepared by name (inside a DO block, so that
    /// its $n are the prepared statement's, not this command's) with the parameter types Npgsql sent for the custom plan,
    /// and its generic plan is explained with plan_cache_mode = force_generic_plan, the values given as typed literals.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> GenericPlanScansAsync(NpgsqlConnection connection, ReferenceCommand step, NpgsqlParameterCollection bound,
        CancellationToken cancellationToken)
    {
        // PREPARE takes positional parameters: the command's @names become $1..$n in the order of the parameter list.
        var names = step.Parameters.Select(p => p.ParameterName.TrimStart('@')).ToList();
        var positional = NamedParameter().Replace(step.Sql, m => names.IndexOf(m.Groups[1].Value) is var i and >= 0 ? "$" + (i + 1) : m.Value);
        var types = bound.Select(p => p.DataTypeName).ToList();
        async Task Run(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await Run("SET enable_seqscan = on; SET plan_cache_mode = force_generic_plan");
            var declared = types.Count > 0 ? "(" + string.Join(", ", types) + ")" : "";
            await Run($"DO $cnc_do$ BEGIN EXECUTE $cnc_sql$PREPARE cnc_plan_check{declared} AS {positional}$cnc_sql$; END $cnc_do$");
            // EXECUTE inside EXPLAIN takes no bound parameters: each value as a literal of its type, written by the server.
            var arguments = new List<string>();
            for (var i = 0; i < step.Parameters.Count; i++)
            {
                await using var quote = new NpgsqlCommand("SELECT quote_nullable(@value::text)", connection);
                var copy = step.Parameters[i].Clone();
                copy.ParameterName = "value";
                quote.Parameters.Add(copy);
                arguments.Add($"{(string)(await quote.ExecuteScalarAsync(cancellationToken))!}::{types[i]}");
            }

            await using var explain = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) EXECUTE cnc_plan_check{(arguments.Count > 0 ? $"({string.Join(", ", arguments)})" : "")}", connection);

            var json = (string)(await explain.ExecuteScalarAsync(cancellationToken))!;
            using var document = JsonDocument.Parse(json);
            var scans = new List<string>();
            Walk(document.RootElement[0].GetProperty("Plan"), scans);
            return scans;
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"[bench] the generic plan of a command could not be explained: {e.MessageText}");
            return null;
        }
        finally
        {
            await Run("DEALLOCATE ALL; RESET plan_cache_mode; SET enable_seqscan = off");
        }
    }

    [GeneratedRegex("@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex NamedParameter();

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
