using System.Diagnostics;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Configurations;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// <c>cnc generate</c>: the national-scale data set (QUALITY.md) in one run. The data is planned in memory first
/// (deterministic for a seed and an as-of day), then written with binary COPY ... FREEZE into freshly truncated tables
/// (no WAL under wal_level=minimal, visibility map set) on two connections at once, with the tables' keys, indexes and
/// foreign keys dropped before and rebuilt after from their captured definitions, then ANALYZE. Expects a migrated
/// database with its reference data (the command runs the migrations first).
/// </summary>
public sealed class ScaleDataGenerator(ConsortiumDbContext db, IPasswordHasher<PortalUser> hasher, ILookupNormalizer normalizer, MatchingEngine engine)
{
    /// <summary>Generates the data set; <paramref name="log"/> hears about each step as it ends.</summary>
    /// <param name="prepareDatabase">Run first (the migrations and reference data), while the plan is made in memory.</param>
    /// <exception cref="GenerationRefusedException">The database already holds data (and <see cref="GenerationOptions.Replace"/> is off), or an option is invalid.</exception>
    public async Task<GenerationReport> RunAsync(GenerationOptions options, Func<CancellationToken, Task>? prepareDatabase, Action<string>? log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scale.Problem() is { } problem)
        {
            throw new GenerationRefusedException($"Invalid scale: {problem}.");
        }

        if (options.Password is { } password && password.Length < PortalIdentityOptions.MinimumPasswordLength)
        {
            throw new GenerationRefusedException($"The password must have at least {PortalIdentityOptions.MinimumPasswordLength} characters.");
        }

        log ??= _ => { };
        var total = Stopwatch.StartNew();
        var phases = new List<GenerationStep>();
        var connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString())
        {
            Pooling = false,
            CommandTimeout = 0,
            IncludeErrorDetail = true,
        }.ConnectionString;

        // 1. The plan (in memory, on two threads) while the database is migrated and checked, and the one password hash every
        // generated user shares (PBKDF2 is slow on purpose).
        var planning = Stopwatch.StartNew();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var planned = Task.Run(() =>
        {
            var plan = new GenerationPlan(options, new EngineSettings(engine.Weights, engine.Version));
            plan.Build(abandon.Token);
            planning.Stop();
            return plan;
        }, CancellationToken.None);
        var hashed = Task.Run(() => options.Password is null ? null : hasher.HashPassword(new PortalUser { UserName = TableWriters.AdminEmail }, options.Password),
            CancellationToken.None);
        try
        {
            return await RunAsync(options, connectionString, planned, planning, hashed, prepareDatabase, phases, total, log, cancellationToken);
        }
        finally
        {
            // A refusal (or a failure) before the plan was needed: stop it and let it end.
            await abandon.CancelAsync();
            await Task.WhenAll(planned, hashed).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<GenerationReport> RunAsync(GenerationOptions options, string connectionString, Task<GenerationPlan> planned, Stopwatch planning,
        Task<string?> hashed, Func<CancellationToken, Task>? prepareDatabase, List<GenerationStep> phases, Stopwatch total, Action<string> log,
        CancellationToken cancellationToken)
    {
        if (prepareDatabase is not null)
        {
            var migrate = Stopwatch.StartNew();
            await prepareDatabase(cancellationToken);
            phases.Add(new GenerationStep("migrate and reference data (while planning)", 0, migrate.Elapsed));
        }

        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync(cancellationToken);
        var pending = await BulkSchema.HasPendingRestoreAsync(admin, cancellationToken);
        var existing = await BulkSchema.ScalarAsync<string>(admin, """
            SELECT concat_ws(', ',
                CASE WHEN EXISTS (SELECT 1 FROM companies) THEN 'companies' END,
                CASE WHEN EXISTS (SELECT 1 FROM partnership_requests) THEN 'partnership requests' END,
                CASE WHEN EXISTS (SELECT 1 FROM overseas_partners) THEN 'overseas partners' END,
                CASE WHEN EXISTS (SELECT 1 FROM users WHERE normalized_email LIKE '%@BENCH.CNC.EXAMPLE') THEN 'users @bench.cnc.example' END)
            """, cancellationToken);
        if (!options.Replace && (existing.Length > 0 || pending))
        {
            throw new GenerationRefusedException(pending
                ? "A previous `cnc generate` on this database was interrupted (its restore table is there). Run it again with --replace."
                : $"The database already has data ({existing}). Use --replace to delete the portal's business data and generate anew.");
        }

        var roles = await RolesAsync(admin, cancellationToken);

        // 2. Replace: the generated users and what hangs off the replaced tables go; keys, indexes and foreign keys are dropped.
        var step = Stopwatch.StartNew();
        if (options.Replace)
        {
            await DeleteReplacedAsync(admin, cancellationToken);
        }

        var keepUsers = await BulkSchema.ScalarAsync<bool>(admin, "SELECT EXISTS (SELECT 1 FROM users)", cancellationToken);
        var objects = await BulkSchema.CaptureAsync(admin, pending, cancellationToken);
        await BulkSchema.DropAsync(admin, objects, pending, cancellationToken);
        phases.Add(new GenerationStep($"prepare (drop {objects.Count} keys, indexes and foreign keys)", objects.Count, step.Elapsed));
        log($"prepare: dropped {objects.Count} keys, indexes and foreign keys in {step.Elapsed.TotalSeconds:0.0} s");

        step.Restart();
        var plan = await planned;
        var hash = await hashed;
        phases.Add(new GenerationStep($"plan in memory ({planning.Elapsed.TotalSeconds:0.0} s, waited for it)", plan.Requests.Length, step.Elapsed));
        log($"plan: {plan.Companies.Length:N0} companies, {plan.Partners.Length:N0} partners, {plan.Requests.Length:N0} requests, {plan.Events.Length:N0} request history rows, " +
            $"{plan.MatchCount:N0} matches in {planning.Elapsed.TotalSeconds:0.0} s");

        // 3. Load and rebuild on two connections.
        step.Restart();
        var writers = new TableWriters(plan, new UserSettings(hash, roles[PortalRoles.SmeMember], roles[PortalRoles.InstituteCoordinator],
            roles[PortalRoles.ConsortiumAdmin], normalizer.NormalizeEmail));
        var work = new WorkQueue(connectionString, log, cancellationToken);
        try
        {
            work.Plan(writers.All, objects, keepUsers);
            var (loaded, finished) = work.Run();
            phases.Add(new GenerationStep("load (binary COPY FREEZE, 2 connections)", work.Tables.Sum(t => t.Rows), loaded));
            phases.Add(new GenerationStep("keys, indexes, foreign keys, ANALYZE (after the last load)", objects.Count, finished - loaded));

            step.Restart();
            await BulkSchema.ExecuteAsync(admin,
                $"SELECT setval('{PartnershipRequestConfiguration.ReferenceSequence}', {Math.Max(plan.ReferenceSequenceMax, 1)}, {(plan.ReferenceSequenceMax > 0 ? "true" : "false")})",
                cancellationToken);
            // Staff sign in with a second factor: the generated coordinators and admins share the demo key (benchmark data).
            await BulkSchema.ExecuteAsync(admin,
                "UPDATE users SET two_factor_enabled = true WHERE organization_code IS NOT NULL AND NOT two_factor_enabled; " +
                $"INSERT INTO user_tokens (user_id, login_provider, name, value) SELECT id, '{AuthenticatorKeys.TokenProvider}', '{AuthenticatorKeys.TokenName}', '{DemoAuthenticator.Key}' " +
                "FROM users WHERE organization_code IS NOT NULL ON CONFLICT DO NOTHING",
                cancellationToken);
            if (keepUsers)
            {
                await BulkSchema.ExecuteAsync(admin, "VACUUM (ANALYZE) users, user_roles", cancellationToken);
            }

            await BulkSchema.FinishAsync(admin, cancellationToken);
            phases.Add(new GenerationStep("finish", 0, step.Elapsed));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            log($"failed: {ex.Message}; restoring the keys, indexes and foreign keys that can be restored");
            RestoreWhatCan(connectionString, objects, log);
            throw;
        }

        var size = await BulkSchema.ScalarAsync<long>(admin, "SELECT pg_database_size(current_database())", cancellationToken);
        return new GenerationReport(phases, work.Tables, work.Rebuilt, total.Elapsed, size, plan.ReferenceSequenceMax);
    }

    private static async Task<Dictionary<string, Guid>> RolesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var roles = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name, id FROM roles", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            roles[reader.GetString(0)] = reader.GetGuid(1);
        }

        foreach (var role in PortalRoles.All)
        {
            if (!roles.ContainsKey(role))
            {
                throw new GenerationRefusedException($"Role {role} is missing: run `cnc migrate` first.");
            }
        }

        return roles;
    }

    /// <summary>The generated users (SME members and the bench staff) and everything about the replaced requests and companies.</summary>
    private static async Task DeleteReplacedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        const string generated = "(SELECT id FROM users WHERE company_id IS NOT NULL OR normalized_email LIKE '%@BENCH.CNC.EXAMPLE')";
        await BulkSchema.ExecuteAsync(connection, $"TRUNCATE {string.Join(", ", BulkSchema.Dependents)}", cancellationToken);
        foreach (var table in new[] { "user_roles", "user_claims", "user_logins", "user_tokens" })
        {
            await BulkSchema.ExecuteAsync(connection, $"DELETE FROM {table} WHERE user_id IN {generated}", cancellationToken);
        }

        await BulkSchema.ExecuteAsync(connection, $"DELETE FROM users WHERE id IN {generated}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>After a failure: recreates what is missing and can be (a half-loaded table may refuse a key); keeps the restore table if anything is left.</summary>
    private static void RestoreWhatCan(string connectionString, IReadOnlyList<SchemaObject> objects, Action<string> log)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            var left = 0;
            foreach (var item in objects.OrderBy(o => o.Phase).ThenBy(o => o.Order))
            {
                if (BulkSchema.Exists(connection, item))
                {
                    continue;
                }

                try
                {
                    using var command = new NpgsqlCommand(item.Create, connection) { CommandTimeout = 0 };
                    command.ExecuteNonQuery();
                }
                catch (PostgresException ex)
                {
                    left++;
                    log($"  not restored: {item.Name} ({ex.MessageText})");
                }
            }

            if (left == 0)
            {
                using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {BulkSchema.RestoreTable}", connection);
                drop.ExecuteNonQuery();
            }
            else
            {
                log($"  {left} object(s) could not be restored; their definitions stay in table {BulkSchema.RestoreTable}: run `cnc generate --replace` again.");
            }
        }
        catch (NpgsqlException ex)
        {
            log($"  restore failed: {ex.Message}; the definitions stay in table {BulkSchema.RestoreTable}: run `cnc generate --replace` again.");
        }
    }
}
