using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matches;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Coordination;
using CarbonNeutralConsortium.Services.Tests.Matching;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace CarbonNeutralConsortium.Services.Tests.Performance;

/// <summary>
/// Every hot query has an index to use: the SQL the services actually run (captured from EF's command events while
/// the services' public methods run, parameters included) is explained with sequential scans disabled. On a test
/// database the planner would read its few rows in order anyway; with enable_seqscan off it still chooses a Seq Scan
/// only when no index can serve the query, which at national scale (1,000,000 requests, 3,000,000 matches, 100,000
/// partners) means reading the whole table.
/// </summary>
public sealed class HotQueryPlanTests(DatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    /// <summary>The large tables: a sequential scan of any of them is a missing index.</summary>
    private static readonly HashSet<string> LargeTables =
    [
        "partnership_requests", "matches", "request_status_changes", "match_status_changes", "request_contributors", "overseas_partners",
        "partner_match_profiles",
    ];

    [Fact]
    public async Task No_hot_query_of_the_queue_request_pages_partner_registry_matching_or_matches_reads_a_large_table_in_full()
    {
        var database = new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Database!;
        using var capture = new CommandCapture(database);
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var data = await SeedAsync(provider);

        async Task Run(string scenario, Func<IServiceProvider, Task> work)
        {
            capture.Scenario = scenario;
            await provider.InScopeAsync(work);
            capture.Scenario = null;
        }

        // The coordinator queue, with each filter (and the page's viewer, whose unread notifications come along).
        CoordinatorQueueQueries Queue(IServiceProvider sp) => sp.GetRequiredService<CoordinatorQueueQueries>();
        await Run("queue", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(), default, data.Viewer));
        await Run("queue, no viewer", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(), default));
        await Run("queue, one status", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(Statuses: [RequestStatus.Submitted]), default, data.Viewer));
        await Run("queue, two statuses", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(Statuses: [RequestStatus.InReview, RequestStatus.Matching]), default, data.Viewer));
        await Run("queue, closed statuses", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(Statuses: [RequestStatus.Declined, RequestStatus.Closed]), default, data.Viewer));
        await Run("queue, sector", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(SectorCode: "PETROCHEMICAL"), default, data.Viewer));
        await Run("queue, technology leaf", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(TechnologyCode: "CCUS.METHANE"), default, data.Viewer));
        await Run("queue, technology area", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(TechnologyCode: "CCUS"), default, data.Viewer));
        await Run("queue, country sought", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(CountryCode: "CA"), default, data.Viewer));
        await Run("queue, waiting 5+ business days", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(MinBusinessDaysWaiting: 5), default, data.Viewer));
        await Run("queue, led only", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(Role: QueueRole.Lead), default, data.Viewer));
        await Run("queue, contributed only", sp => Queue(sp).GetAsync("ETRI", new QueueFilter(Role: QueueRole.Contributor), default, data.Viewer));
        await Run("queue, every filter", sp => Queue(sp).GetAsync("KRICT", new QueueFilter(Statuses: [RequestStatus.Submitted, RequestStatus.InReview],
            SectorCode: "PETROCHEMICAL", TechnologyCode: "CCUS", CountryCode: "US", MinBusinessDaysWaiting: 3, Role: QueueRole.All, Page: 2), default, data.Viewer));

        // The coordinator's request page; the company's request list and request page.
        await Run("coordinator request page", sp => sp.GetRequiredService<CoordinatorRequestQueries>().GetAsync(data.Submitted, "KRICT", default, data.Viewer));
        await Run("coordinator request page with proposals", sp => sp.GetRequiredService<CoordinatorRequestQueries>().GetAsync(data.Proposed, "ETRI", default, data.Viewer));
        RequestQueries Requests(IServiceProvider sp) => sp.GetRequiredService<RequestQueries>();
        await Run("company request list", sp => Requests(sp).ListAsync(data.Company, new RequestListFilter(null, null, 1), default, data.Viewer));
        await Run("company request list, status", sp => Requests(sp).ListAsync(data.Company, new RequestListFilter([RequestStatus.Submitted], null, 1), default, data.Viewer));
        await Run("company request list, search", sp => Requests(sp).ListAsync(data.Company, new RequestListFilter(null, "메탄", 1), default, data.Viewer));
        await Run("company request page", sp => Requests(sp).GetDetailsAsync(data.Proposed, data.Company, default, data.Viewer));

        // The partner registry with each filter, and a partner's page.
        async Task Partners(IServiceProvider sp, PartnerListFilter filter)
        {
            var queries = sp.GetRequiredService<PartnerQueries>();
            await queries.ListAsync(filter, await queries.GetReferenceAsync(default), default, data.Viewer);
        }

        await Run("partner list", sp => Partners(sp, new PartnerListFilter()));
        await Run("partner list, name", sp => Partners(sp, new PartnerListFilter(Search: "Calgary")));
        await Run("partner list, words", sp => Partners(sp, new PartnerListFilter(Search: "dry reforming methane")));
        await Run("partner list, country", sp => Partners(sp, new PartnerListFilter(Country: "CA")));
        await Run("partner list, type", sp => Partners(sp, new PartnerListFilter(PartnerType: "university")));
        await Run("partner list, technology leaf", sp => Partners(sp, new PartnerListFilter(Technology: "CCUS.METHANE")));
        await Run("partner list, technology area", sp => Partners(sp, new PartnerListFilter(Technology: "CCUS")));
        await Run("partner list, institute", sp => Partners(sp, new PartnerListFilter(Institute: "KRICT")));
        await Run("partner list, inactive", sp => Partners(sp, new PartnerListFilter(Status: PartnerStatusFilter.Inactive)));
        await Run("partner list, every filter", sp => Partners(sp, new PartnerListFilter(Search: "methane", Country: "CA", PartnerType: "university",
            Technology: "CCUS", Institute: "KRICT", Status: PartnerStatusFilter.All)));
        await Run("partner page", async sp =>
        {
            var queries = sp.GetRequiredService<PartnerQueries>();
            await queries.GetDetailsAsync(data.Partner, CoordinationTestData.Krict, await queries.GetReferenceAsync(default), default);
        });

        // Matching: retrieval (each tier, a request naming one leaf and one naming several), the look-up, reverse matching.
        MatchingService Matching(IServiceProvider sp) => sp.GetRequiredService<MatchingService>();
        await Run("matching workbench", sp => Matching(sp).RankAsync(data.Matching, CoordinationTestData.Krict, default));
        await Run("matching workbench with a look-up", sp => Matching(sp).RankAsync(data.Matching, CoordinationTestData.Krict, "Calgary", default));
        await Run("matching, several leaves and every hard filter", sp => Matching(sp).RankCandidatesAsync(new Domain.Matching.MatchingRequest("x", "메탄 개질 촉매",
            "Methane reforming catalyst", null, "PETROCHEMICAL", ["CCUS.METHANE", "H2.PRODUCTION", "CCUS"], "joint_research", ["CA"], ["CN"], ["university"], 3, 6,
            ["dry reforming"], "KRICT"), default));
        await Run("reverse matching, institute", sp => Matching(sp).OpenRequestsForPartnerAsync(data.Partner, CoordinationTestData.Krict, 10, default));
        await Run("reverse matching, admin", sp => Matching(sp).OpenRequestsForPartnerAsync(data.Partner, MatchingTestData.Admin, 10, default));

        // A match's page for staff.
        await Run("match page", sp => sp.GetRequiredService<MatchQueries>().ForStaffAsync(data.Match, CoordinationTestData.Krict, default));

        var problems = new List<string>();
        var checkedQueries = 0;
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        foreach (var group in capture.Commands.GroupBy(c => c.Scenario))
        {
            var selects = group.Where(c => IsQuery(c.Sql)).ToList();
            Assert.True(selects.Count > 0, $"{group.Key}: no query captured");
            output.WriteLine($"{group.Key}: {selects.Count} quer{(selects.Count == 1 ? "y" : "ies")}");
            foreach (var (command, index) in selects.Select((c, i) => (c, i + 1)))
            {
                checkedQueries++;
                var scans = await SequentialScansAsync(connection, command);
                output.WriteLine($"  #{index}: {Summary(command.Sql)}{(scans.Count == 0 ? "" : "  <-- Seq Scan on " + string.Join(", ", scans))}");
                if (scans.Count > 0)
                {
                    problems.Add($"{group.Key} #{index}: Seq Scan on {string.Join(", ", scans)}\n{command.Sql}");
                }
            }
        }

        output.WriteLine($"{checkedQueries} queries explained.");
        Assert.True(problems.Count == 0, "Queries without a usable index:\n\n" + string.Join("\n\n", problems));
    }

    private sealed record Seeded(Guid Company, Guid Viewer, Guid Submitted, Guid Matching, Guid Proposed, Guid Partner, Guid Match);

    /// <summary>A company with requests in most states (routed to KRICT, ETRI contributing), partners, a proposal and history.</summary>
    private static async Task<Seeded> SeedAsync(IServiceProvider provider)
    {
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var submitted = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);
        await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Declined);
        await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Draft);
        var matching = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Matching);
        var proposed = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.PartnersProposed);
        await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Connected);
        await MatchingTestData.AddAsync(provider,
            MatchingTestData.Partner("Plan Lab", ["CCUS.METHANE"], "CA", ["dry reforming"], "Methane reforming.", linked: ["KRICT"]),
            MatchingTestData.Partner("Other Plan Lab", ["H2.PRODUCTION", "CCUS.CONVERSION"], "DE", ["electrolysis"]));
        return await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var match = await db.Matches.AsNoTracking().SingleAsync(m => m.RequestId == proposed);
            return new Seeded(member.CompanyId, member.UserId, submitted, matching, proposed, match.PartnerId, match.Id);
        });
    }

    private static bool IsQuery(string sql)
    {
        var text = string.Join("\n", sql.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).TrimStart();
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase);
    }

    private static string Summary(string sql)
    {
        var flat = string.Join(" ", sql.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 150 ? flat : flat[..150] + "...";
    }

    /// <summary>The large tables the plan reads with a Seq Scan (sequential scans disabled: only when no index can serve).</summary>
    private static async Task<List<string>> SequentialScansAsync(NpgsqlConnection connection, CapturedCommand captured)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + captured.Sql, connection, transaction);
        foreach (var parameter in captured.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var json = (string)(await explain.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();
        using var plan = JsonDocument.Parse(json);
        var scans = new List<string>();
        Walk(plan.RootElement[0].GetProperty("Plan"), scans);
        return scans;
    }

    private static void Walk(JsonElement node, List<string> scans)
    {
        if (node.GetProperty("Node Type").GetString() == "Seq Scan" && node.TryGetProperty("Relation Name", out var relation)
            && LargeTables.Contains(relation.GetString()!))
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

    private sealed record CapturedCommand(string? Scenario, string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

    /// <summary>
    /// EF's "command executing" events (DiagnosticListener "Microsoft.EntityFrameworkCore") of one database, with the
    /// parameters and the scenario that was running. Other test classes run at the same time on databases of their own.
    /// </summary>
    private sealed class CommandCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly ConcurrentQueue<CapturedCommand> _commands = new();

        public CommandCapture(string database)
        {
            _database = database;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public volatile string? Scenario;

        public IReadOnlyList<CapturedCommand> Commands => [.. _commands];

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && Scenario is { } scenario
                && data.Command.Connection?.Database == _database)
            {
                _commands.Enqueue(new CapturedCommand(scenario, data.Command.CommandText,
                    [.. data.Command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                foreach (var subscription in _subscriptions)
                {
                    subscription.Dispose();
                }
            }
        }
    }
}
