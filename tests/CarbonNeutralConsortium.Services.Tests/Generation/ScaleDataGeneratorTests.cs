using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Generation;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CarbonNeutralConsortium.Services.Tests.Generation.GeneratedData;

namespace CarbonNeutralConsortium.Services.Tests.Generation;

/// <summary>
/// One generated data set (the test scale, with a password) shared by the tests of its shape, integrity and use by the
/// app's own services. The class fixture generates it once.
/// </summary>
public sealed class GeneratedDataSetFixture : IAsyncLifetime
{
    public const string Password = "generated-users-password-1";

    public string Database { get; private set; } = "";

    public string ConnectionString => TestDatabase.ConnectionStringFor(Database);

    public ServiceProvider Provider { get; private set; } = null!;

    public GenerationReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Provider = TestServices.Build(ConnectionString);
        Report = await GenerateAsync(Provider, new GenerationOptions(TestScale, 11, KoreaTime.Today(TimeProvider.System), Password, Replace: false));
    }

    public async Task DisposeAsync()
    {
        await Provider.DisposeAsync();
        await TestDatabase.DropAsync(Database);
    }
}

public sealed class ScaleDataGeneratorTests(GeneratedDataSetFixture data) : IClassFixture<GeneratedDataSetFixture>
{
    private static readonly HashSet<(string?, string)> RequestTransitions =
    [
        (null, "Draft"), ("Draft", "Submitted"), ("Draft", "Withdrawn"),
        ("Submitted", "InReview"), ("Submitted", "Withdrawn"), ("Submitted", "Declined"), ("Submitted", "Expired"),
        ("InReview", "NeedsInformation"), ("InReview", "Matching"), ("InReview", "Withdrawn"), ("InReview", "Declined"), ("InReview", "Expired"),
        ("NeedsInformation", "Submitted"), ("NeedsInformation", "Withdrawn"), ("NeedsInformation", "Declined"), ("NeedsInformation", "Expired"),
        ("Matching", "PartnersProposed"), ("Matching", "Withdrawn"), ("Matching", "Declined"), ("Matching", "Expired"),
        ("PartnersProposed", "Connected"), ("PartnersProposed", "Matching"), ("PartnersProposed", "Withdrawn"), ("PartnersProposed", "Expired"),
        ("Connected", "Closed"), ("Connected", "Withdrawn"),
    ];

    private static readonly HashSet<(string?, string)> MatchTransitions =
    [
        (null, "Proposed"), ("Proposed", "AcceptedBySme"), ("Proposed", "DeclinedBySme"),
        ("AcceptedBySme", "PartnerContacted"), ("AcceptedBySme", "MeetingHeld"), ("AcceptedBySme", "Agreement"), ("AcceptedBySme", "NoDeal"),
        ("PartnerContacted", "PartnerAccepted"), ("PartnerContacted", "PartnerDeclined"), ("PartnerContacted", "MeetingHeld"), ("PartnerContacted", "Agreement"),
        ("PartnerContacted", "NoDeal"), ("PartnerAccepted", "MeetingHeld"), ("PartnerAccepted", "Agreement"), ("PartnerAccepted", "NoDeal"),
        ("MeetingHeld", "Agreement"), ("MeetingHeld", "NoDeal"),
    ];

    private string Db => data.ConnectionString;

    private Task<long> CountAsync(string sql) => ScalarAsync<long>(Db, sql);

    [Fact]
    public async Task Every_table_has_the_rows_of_the_scale_and_every_company_its_sme_user()
    {
        Assert.Equal(TestScale.Companies, await CountAsync("SELECT count(*) FROM companies"));
        Assert.Equal(TestScale.Requests, await CountAsync("SELECT count(*) FROM partnership_requests"));
        Assert.Equal(TestScale.Partners, await CountAsync("SELECT count(*) FROM overseas_partners"));
        Assert.Equal(TestScale.Matches, await CountAsync("SELECT count(*) FROM matches"));
        Assert.Equal(TestScale.Companies + 7, await CountAsync("SELECT count(*) FROM users"));
        Assert.Equal(TestScale.Companies + 7, await CountAsync("SELECT count(*) FROM user_roles"));
        Assert.Equal(TestScale.Companies, await CountAsync("SELECT count(DISTINCT company_id) FROM users WHERE email LIKE 'sme.%@bench.cnc.example'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM companies c WHERE NOT EXISTS (SELECT 1 FROM contact_persons p WHERE p.company_id = c.id)"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM contact_persons p WHERE NOT EXISTS (SELECT 1 FROM contact_consents c WHERE c.contact_person_id = p.id AND c.kind = 'Collection')"));
        Assert.Equal(await CountAsync("SELECT count(*) FROM partnership_requests"), data.Report.Tables.Single(t => t.Name == "partnership_requests").Rows);

        // A mix of states and outcomes, Korean and English.
        var statuses = await RowsAsync<string, long>(Db, "SELECT status, count(*) FROM partnership_requests GROUP BY 1");
        Assert.Superset(new HashSet<string> { "Draft", "Closed", "Withdrawn", "Declined", "Expired", "Connected", "PartnersProposed", "Matching" },
            statuses.Select(s => s.Item1).ToHashSet());
        Assert.True(await CountAsync("SELECT count(*) FROM partnership_requests WHERE status = 'Closed' AND outcome = 'Agreement'") > 0);
        Assert.True(await CountAsync("SELECT count(*) FROM partnership_requests WHERE status = 'Closed' AND outcome = 'NoDeal'") > 0);
        Assert.True(await CountAsync("SELECT count(*) FROM partnership_requests WHERE title ~ '[가-힣]'") > TestScale.Requests / 2);
        Assert.True(await CountAsync("SELECT count(*) FROM partnership_requests WHERE title !~ '[가-힣]'") > 0);
        Assert.True(await CountAsync("SELECT count(*) FROM partnership_requests WHERE is_convergence") > 0);
        Assert.True(await CountAsync("SELECT count(*) FROM request_status_changes WHERE event = 'LeadTransferred'") > 0);
    }

    [Fact]
    public async Task Every_request_history_is_an_allowed_chain_from_draft_that_ends_in_the_current_status()
    {
        var pairs = await RowsAsync<string?, string>(Db, """SELECT DISTINCT "from", "to" FROM request_status_changes WHERE event IS NULL""");
        Assert.All(pairs, pair => Assert.Contains(pair, RequestTransitions));

        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM (
                SELECT "from", "to", lag("to") OVER w AS previous, row_number() OVER w AS n
                FROM request_status_changes WINDOW w AS (PARTITION BY request_id ORDER BY at, id)) h
            WHERE (n = 1 AND ("from" IS NOT NULL OR "to" <> 'Draft')) OR (n > 1 AND "from" IS DISTINCT FROM previous)
            """));
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM partnership_requests r
            WHERE r.status <> (SELECT h."to" FROM request_status_changes h WHERE h.request_id = r.id ORDER BY h.at DESC, h.id DESC LIMIT 1)
               OR r.status_changed_at <> (SELECT max(h.at) FROM request_status_changes h WHERE h.request_id = r.id AND h.event IS NULL)
               OR r.created_at <> (SELECT min(h.at) FROM request_status_changes h WHERE h.request_id = r.id)
               OR r.first_submitted_at IS DISTINCT FROM (SELECT min(h.at) FROM request_status_changes h WHERE h.request_id = r.id AND h."to" = 'Submitted' AND h.event IS NULL)
               OR r.submitted_at IS DISTINCT FROM (SELECT max(h.at) FROM request_status_changes h WHERE h.request_id = r.id AND h."to" = 'Submitted' AND h.event IS NULL)
               OR r.last_activity_at < r.status_changed_at OR r.updated_at <> r.last_activity_at
            """));

        // Terminal statuses have their closing time (and Closed its outcome); open ones have neither.
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM partnership_requests
            WHERE (closed_at IS NOT NULL) <> (status IN ('Closed', 'Withdrawn', 'Declined', 'Expired'))
               OR (outcome IS NOT NULL) <> (status = 'Closed')
               OR (closed_at IS NOT NULL AND closed_at <> status_changed_at)
               OR (status = 'Draft' AND (lead_organization_code IS NOT NULL OR reference_number IS NOT NULL))
               OR (status <> 'Draft' AND first_submitted_at IS NOT NULL AND (lead_organization_code IS NULL OR deadline IS NULL OR contact_person_id IS NULL))
               OR (reference_number IS NOT NULL) <> (first_submitted_at IS NOT NULL)
               OR reference_number !~ '^CNC-[0-9]{4}-[0-9]{6,}$'
               OR substr(reference_number, 5, 4)::int <> extract(year FROM first_submitted_at AT TIME ZONE 'Asia/Seoul')
               OR (is_convergence <> EXISTS (SELECT 1 FROM request_contributors c WHERE c.request_id = partnership_requests.id))
               OR EXISTS (SELECT 1 FROM request_contributors c WHERE c.request_id = partnership_requests.id AND c.organization_code = lead_organization_code)
            """));
        Assert.Equal(await CountAsync("SELECT count(*) FROM partnership_requests WHERE reference_number IS NOT NULL"),
            await CountAsync("SELECT last_value FROM request_reference_numbers"));

        // Nothing happens at or after the data set's today; open requests are not yet due to expire.
        var today = KoreaTime.Today(TimeProvider.System);
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM request_status_changes WHERE at >= '{today:yyyy-MM-dd}T00:00:00+09:00'"));
        Assert.Equal(0, await CountAsync($"""
            SELECT count(*) FROM partnership_requests
            WHERE status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')
              AND deadline < '{today:yyyy-MM-dd}' AND last_activity_at <= '{today:yyyy-MM-dd}T00:00:00+09:00'::timestamptz - interval '8 days'
            """));
    }

    [Fact]
    public async Task Matches_exist_only_after_proposals_and_agree_with_their_request_and_their_own_history()
    {
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM matches m WHERE NOT EXISTS (
                SELECT 1 FROM request_status_changes h WHERE h.request_id = m.request_id AND h."to" = 'PartnersProposed' AND h.event IS NULL AND h.at = m.proposed_at)
            """));
        var pairs = await RowsAsync<string?, string>(Db, """SELECT DISTINCT "from", "to" FROM match_status_changes""");
        Assert.All(pairs, pair => Assert.Contains(pair, MatchTransitions));
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM (
                SELECT "from", "to", lag("to") OVER w AS previous, row_number() OVER w AS n
                FROM match_status_changes WINDOW w AS (PARTITION BY match_id ORDER BY at, id)) h
            WHERE (n = 1 AND ("from" IS NOT NULL OR "to" <> 'Proposed')) OR (n > 1 AND "from" IS DISTINCT FROM previous)
            """));
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM matches m
            WHERE m.status <> (SELECT h."to" FROM match_status_changes h WHERE h.match_id = m.id ORDER BY h.at DESC, h.id DESC LIMIT 1)
               OR (m.responded_at IS NULL) <> (m.status = 'Proposed')
               OR (m.sme_decline_reason IS NOT NULL) <> (m.status = 'DeclinedBySme')
               OR (m.agreement_kind IS NOT NULL) <> (m.status = 'Agreement')
               OR (m.no_deal_reason IS NOT NULL) <> (m.status = 'NoDeal')
               OR (m.outcome_at IS NOT NULL) <> (m.status IN ('Agreement', 'NoDeal'))
               OR (m.meeting_held_on IS NOT NULL AND m.meeting_held_on < (m.proposed_at AT TIME ZONE 'Asia/Seoul')::date)
               OR (m.rank IS NULL OR m.rank > 10) AND m.proposal_note IS NULL
            """));

        // What MatchResponseService makes of the company's answers.
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM partnership_requests r
            WHERE (r.status = 'PartnersProposed' AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.request_id = r.id AND m.status = 'Proposed'))
               OR (r.status = 'Connected' AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.request_id = r.id AND m.status NOT IN ('Proposed', 'DeclinedBySme')))
               OR (r.status = 'Closed' AND r.outcome = 'Agreement' AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.request_id = r.id AND m.status = 'Agreement'))
               OR (r.status = 'Closed' AND r.outcome = 'NoDeal' AND EXISTS (SELECT 1 FROM matches m WHERE m.request_id = r.id
                      AND m.status NOT IN ('DeclinedBySme', 'NoDeal', 'PartnerDeclined')))
               OR EXISTS (SELECT 1 FROM match_status_changes h JOIN matches m ON m.id = h.match_id WHERE m.request_id = r.id AND h.at > coalesce(r.closed_at, 'infinity'))
            """));
    }

    /// <summary>
    /// Indexes are compared up to their predicate: a partial index rebuilt from pg_get_indexdef deparses its IN list
    /// differently (ANY ((ARRAY['x'::varchar])::text[]) vs ANY (ARRAY[('x'::varchar)::text])), the same condition once
    /// the planner folds the constants.
    /// </summary>
    [Fact]
    public async Task Keys_indexes_foreign_keys_and_triggers_are_back_as_the_migrations_made_them()
    {
        var fresh = await TestDatabase.CreateAsync();
        try
        {
            const string objects = """
                SELECT string_agg(name, ',' ORDER BY name) FROM (
                    SELECT conname || ':' || pg_get_constraintdef(oid) AS name FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                    UNION ALL SELECT split_part(indexdef, ' WHERE ', 1) || CASE WHEN indexdef LIKE '% WHERE %' THEN ' (partial)' ELSE '' END
                    FROM pg_indexes WHERE schemaname = 'public'
                    UNION ALL SELECT tgname || ':' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal) AS o
                """;
            Assert.Equal(await ScalarAsync<string>(TestDatabase.ConnectionStringFor(fresh), objects), await ScalarAsync<string>(Db, objects));
            Assert.Equal(0, await CountAsync("SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND NOT convalidated"));
            Assert.Equal(0, await CountAsync("SELECT count(*) FROM pg_class WHERE relname = 'cnc_generate_restore'"));
            if (await CountAsync("SELECT count(*) FROM pg_class WHERE relname = 'partner_match_profiles'") == 1)
            {
                Assert.True(await CountAsync("SELECT count(*) FROM partner_match_profiles") > 0);
            }
        }
        finally
        {
            await TestDatabase.DropAsync(fresh);
        }
    }

    [Fact]
    public async Task Business_numbers_are_valid_and_unique_and_partners_search_terms_are_the_apps()
    {
        await data.Provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var numbers = await db.Companies.AsNoTracking().Select(c => c.BusinessRegistrationNumber).ToListAsync();
            Assert.All(numbers, n => Assert.NotNull(BusinessRegistrationNumber.Parse(n).Value));
            Assert.Equal(numbers.Count, numbers.Distinct().Count());

            var partners = await db.OverseasPartners.OrderBy(p => p.Id).Take(50).ToListAsync();
            Assert.All(partners, p => Assert.False(p.RefreshSearchTerms(), $"{p.ExternalId}: stored search terms differ from TextTerms"));
        });
    }

    [Fact]
    public async Task The_frozen_factors_are_read_by_the_apps_model_with_the_engines_eight_factors()
    {
        await data.Provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var engine = sp.GetRequiredService<MatchingEngine>();
            var matches = await db.Matches.AsNoTracking().OrderBy(m => m.Id).Take(200).ToListAsync();
            Assert.Equal(200, matches.Count);
            Assert.All(matches, m =>
            {
                Assert.Equal(engine.Weights.All.Select(w => w.Factor), m.Factors.Select(f => f.Factor));
                Assert.Equal(engine.Version, m.EngineVersion);
                Assert.All(m.Factors, f => Assert.False(string.IsNullOrWhiteSpace(f.ReasonKo) || string.IsNullOrWhiteSpace(f.ReasonEn)));
                Assert.InRange(m.Score, 0, 100);
                Assert.Equal(Math.Round(m.Factors.Sum(f => f.Points), 1), m.Score, 3);
            });
        });
    }

    [Fact]
    public async Task Generated_users_sign_in_with_the_password_and_have_their_roles()
    {
        await data.Provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            foreach (var (email, role, organization) in new[]
            {
                ("admin@bench.cnc.example", PortalRoles.ConsortiumAdmin, "KEIT"),
                ("coordinator.krict@bench.cnc.example", PortalRoles.InstituteCoordinator, "KRICT"),
                ("coordinator.etri@bench.cnc.example", PortalRoles.InstituteCoordinator, "ETRI"),
                ("sme.1@bench.cnc.example", PortalRoles.SmeMember, null),
                ($"sme.{TestScale.Companies}@bench.cnc.example", PortalRoles.SmeMember, null),
            })
            {
                var user = await users.FindByEmailAsync(email);
                Assert.NotNull(user);
                Assert.True(await users.CheckPasswordAsync(user, GeneratedDataSetFixture.Password), email);
                Assert.False(await users.CheckPasswordAsync(user, "not-the-password-at-all"), email);
                Assert.True(await users.IsInRoleAsync(user, role), email);
                Assert.True(user.EmailConfirmed && user.IsActive && user.LockoutEnabled && !string.IsNullOrEmpty(user.SecurityStamp));
                Assert.Equal(organization, user.OrganizationCode);
                Assert.Equal(organization is null, user.CompanyId is not null);
            }
        });
    }

    [Fact]
    public async Task The_apps_queue_request_pages_and_matching_work_on_the_generated_data()
    {
        var busiest = (await RowsAsync<string, long>(Db, """
            SELECT lead_organization_code, count(*) FROM partnership_requests
            WHERE status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed') GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1
            """))[0].Item1;
        var (companyId, requests) = (await RowsAsync<Guid, long>(Db, "SELECT company_id, count(*) FROM partnership_requests GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"))[0];
        var withMatches = (await RowsAsync<Guid, Guid>(Db, """
            SELECT r.id, r.company_id FROM partnership_requests r WHERE EXISTS (SELECT 1 FROM matches m WHERE m.request_id = r.id) ORDER BY r.id LIMIT 1
            """))[0];
        var inMatching = (await RowsAsync<Guid, string>(Db, """
            SELECT id, lead_organization_code FROM partnership_requests WHERE status IN ('Matching', 'PartnersProposed') ORDER BY id LIMIT 1
            """))[0];

        await data.Provider.InScopeAsync(async sp =>
        {
            var queue = await sp.GetRequiredService<CoordinatorQueueQueries>().GetAsync(busiest, new QueueFilter(), default);
            Assert.NotEmpty(queue.Rows);
            Assert.True(queue.Total > 0);

            var list = await sp.GetRequiredService<RequestQueries>().ListAsync(companyId, new RequestListFilter(null, null, 1), default);
            Assert.Equal(requests, list.Total);
            Assert.NotEmpty(list.Rows);

            var partners = sp.GetRequiredService<Services.Partners.PartnerQueries>();
            var reference = await partners.GetReferenceAsync(default);
            var found = await partners.ListAsync(new Services.Partners.PartnerListFilter(Search: "University"), reference, default);
            Assert.NotEmpty(found.Rows);
            Assert.All(found.Rows, p => Assert.Contains("University", p.Name, StringComparison.OrdinalIgnoreCase));

            var details = await sp.GetRequiredService<RequestQueries>().GetDetailsAsync(withMatches.Item1, withMatches.Item2, default);
            Assert.NotNull(details);
            Assert.NotEmpty(details.Matches);
            Assert.NotEmpty(details.Timeline);
            Assert.All(details.Matches, m => Assert.Equal(8, m.Factors.Count));
        });

        await data.Provider.InScopeAsync(async sp =>
        {
            var coordinator = await sp.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync($"coordinator.{inMatching.Item2.ToLowerInvariant()}@bench.cnc.example");
            var actor = new Actor(coordinator!.Id, coordinator.DisplayName, ActorSide.Institute, inMatching.Item2);
            var review = await sp.GetRequiredService<CoordinatorRequestQueries>().GetAsync(inMatching.Item1, inMatching.Item2, default);
            Assert.NotNull(review);
            var run = await sp.GetRequiredService<MatchingService>().RankAsync(inMatching.Item1, actor, default);
            Assert.NotNull(run);
            Assert.NotEmpty(run.Ranked);
            Assert.True(run.CanPropose);
        });
    }
}
