using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Coordination;
using Microsoft.EntityFrameworkCore;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CarbonNeutralConsortium.Services.Tests.Coordination.CoordinationTestData;

namespace CarbonNeutralConsortium.Services.Tests.Coordination;

/// <summary>The queue counts every request of an institute: each test gets a database of its own.</summary>
public sealed class CoordinatorQueueQueriesTests : IAsyncLifetime
{
    private string _database = "";
    private ServiceProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _provider = TestServices.Build(TestDatabase.ConnectionStringFor(_database));
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await TestDatabase.DropAsync(_database);
    }

    private Task<CoordinatorQueue> QueueAsync(string organization, QueueFilter? filter = null) =>
        _provider.InScopeAsync(sp => sp.GetRequiredService<CoordinatorQueueQueries>().GetAsync(organization, filter ?? new QueueFilter(), default));

    private async Task<(Guid CompanyId, Guid UserId)> CompanyAsync()
    {
        var member = await RequestFixtures.NewCompanyAsync(_provider);
        return (member.CompanyId, member.UserId);
    }

    [Fact]
    public async Task The_lead_and_the_contributing_institute_see_the_request_and_any_other_institute_sees_nothing()
    {
        var (company, user) = await CompanyAsync();
        var id = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted);
        await TestRequests.CreateCompleteDraftAsync(_provider, company, user);

        var lead = await QueueAsync("KRICT");
        var contributor = await QueueAsync("ETRI");
        var other = await QueueAsync("KIMM");

        var leadRow = Assert.Single(lead.Rows);
        Assert.Equal((id, true, "KRICT"), (leadRow.Id, leadRow.IsLead, leadRow.Lead!.Code));
        Assert.StartsWith("수요기업", leadRow.CompanyNameKo, StringComparison.Ordinal);
        Assert.True(leadRow.IsConvergence);
        Assert.Equal(["CCUS.METHANE", "DX.AI"], leadRow.Technologies.Select(t => t.Code));
        Assert.Equal(["CA", "US"], leadRow.Countries.Select(c => c.Code));
        Assert.NotEqual(leadRow.Countries[0].Code, leadRow.Countries[0].NameKo);
        var contributorRow = Assert.Single(contributor.Rows);
        Assert.Equal((id, false, "KRICT"), (contributorRow.Id, contributorRow.IsLead, contributorRow.Lead!.Code));
        Assert.Empty(other.Rows);
        Assert.Equal(0, other.Total);
    }

    /// <summary>Every contributor row's copy of its request's status and time equals the request's own (the Queue migration's triggers).</summary>
    private Task<List<(string Organization, string Copied, DateTimeOffset CopiedAt, string Status, DateTimeOffset At)>> CopiesAsync(Guid id) =>
        _provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var rows = await (from c in db.RequestContributors.AsNoTracking()
                              join r in db.Requests on c.RequestId equals r.Id
                              where r.Id == id
                              orderby c.OrganizationCode
                              select new { c.OrganizationCode, c.RequestStatus, c.RequestStatusChangedAt, r.Status, r.StatusChangedAt }).ToListAsync();
            return rows.Select(x => (x.OrganizationCode, x.RequestStatus.ToString(), x.RequestStatusChangedAt, x.Status.ToString(), x.StatusChangedAt)).ToList();
        });

    [Fact]
    public async Task The_contributors_copy_of_the_status_follows_the_request_through_routing_additions_and_status_changes()
    {
        var (company, user) = await CompanyAsync();
        var id = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted);
        var routed = await CopiesAsync(id);

        var added = await _provider.InScopeAsync(sp => sp.GetRequiredService<CoordinationService>().AddContributorAsync(id, Krict, "KIMM", null, null, default));
        var review = await _provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, Krict, null, default));
        var inReview = await CopiesAsync(id);
        await SetWaitingAsync(_provider, id, 12);
        var waiting = await CopiesAsync(id);
        var declined = await _provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().DeclineAsync(id, Krict, "범위 밖의 요청입니다.", null, default));
        var closed = await CopiesAsync(id);

        Assert.True(added.Succeeded && review.Succeeded && declined.Succeeded);
        Assert.Equal(("ETRI", "Submitted", "Submitted"), (Assert.Single(routed).Organization, routed[0].Copied, routed[0].Status));
        Assert.Equal(["ETRI", "KIMM"], inReview.Select(c => c.Organization));
        Assert.Equal(["Declined", "Declined"], closed.Select(c => c.Copied));
        Assert.All(routed.Concat(inReview).Concat(waiting).Concat(closed), c => Assert.Equal((c.Status, c.At), (c.Copied, c.CopiedAt)));
        Assert.All(waiting, c => Assert.Equal("InReview", c.Copied));
        Assert.True(waiting[0].CopiedAt < inReview[0].CopiedAt);

        // The contributor's queue reads the copies: the age filter, the status filter and the default (open) view agree.
        Assert.Empty((await QueueAsync("KIMM")).Rows);
        var history = await QueueAsync("KIMM", new QueueFilter([RequestStatus.Declined]));
        Assert.Equal((id, RequestStatus.Declined), (Assert.Single(history.Rows).Id, history.Rows[0].Status));
        Assert.Equal(1, history.Total);
    }

    [Fact]
    public async Task The_contributors_copies_of_sector_technology_and_countries_follow_an_edit_of_the_request_and_the_contributors_queue_filters_by_them()
    {
        var (company, user) = await CompanyAsync();
        var id = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted);
        async Task<List<(string Sector, string Technologies, string Countries)>> Copies() =>
            await _provider.InScopeAsync(async sp =>
            {
                var rows = await sp.GetRequiredService<ConsortiumDbContext>().RequestContributors.AsNoTracking().Where(c => c.RequestId == id)
                    .Select(c => new { c.RequestSectorCode, c.RequestTechnologyCodes, c.RequestPreferredCountries }).ToListAsync();
                return rows.Select(r => (r.RequestSectorCode ?? "", string.Join(",", r.RequestTechnologyCodes), string.Join(",", r.RequestPreferredCountries))).ToList();
            });

        Assert.Equal(("PETROCHEMICAL", "CCUS.METHANE,DX.AI", "CA,US"), Assert.Single(await Copies()));
        Assert.Single((await QueueAsync("ETRI", new QueueFilter(TechnologyCode: "DX.AI", CountryCode: "US", SectorCode: "PETROCHEMICAL"))).Rows);

        // An edit of the request (a hand-written UPDATE here: any writer) reaches its contributors' copies.
        await _provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.TechnologyCodes, new List<string> { "CCUS.CONVERSION", "DX.AI" })
            .SetProperty(r => r.PreferredCountries, new List<string> { "DE" })));

        Assert.Equal(("PETROCHEMICAL", "CCUS.CONVERSION,DX.AI", "DE"), Assert.Single(await Copies()));
        Assert.Empty((await QueueAsync("ETRI", new QueueFilter(CountryCode: "US"))).Rows);
        Assert.Single((await QueueAsync("ETRI", new QueueFilter(CountryCode: "DE", TechnologyCode: "CCUS"))).Rows);
        Assert.Empty((await QueueAsync("ETRI", new QueueFilter(TechnologyCode: "CCUS.METHANE"))).Rows);
    }

    [Fact]
    public async Task A_contributed_request_is_filtered_by_the_time_it_has_waited()
    {
        var (company, user) = await CompanyAsync();
        var old = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.InReview);
        var recent = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.InReview);
        await SetWaitingAsync(_provider, old, 11);
        await SetWaitingAsync(_provider, recent, 2);

        var all = await QueueAsync("ETRI", new QueueFilter(Role: QueueRole.Contributor));
        var waiting = await QueueAsync("ETRI", new QueueFilter(MinBusinessDaysWaiting: 10, Role: QueueRole.Contributor));
        var either = await QueueAsync("ETRI", new QueueFilter(MinBusinessDaysWaiting: 10));

        Assert.Equal([old, recent], all.Rows.Select(r => r.Id));
        Assert.Equal([11, 2], all.Rows.Select(r => r.BusinessDaysWaiting));
        Assert.Equal(old, Assert.Single(waiting.Rows).Id);
        Assert.Equal((old, 1), (Assert.Single(either.Rows).Id, either.Total));
    }

    [Fact]
    public async Task The_role_filter_separates_requests_the_institute_leads_from_those_it_contributes_to()
    {
        var (company, user) = await CompanyAsync();
        var id = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.InReview);

        Assert.Single((await QueueAsync("KRICT", new QueueFilter(Role: QueueRole.Lead))).Rows);
        Assert.Empty((await QueueAsync("KRICT", new QueueFilter(Role: QueueRole.Contributor))).Rows);
        Assert.Empty((await QueueAsync("ETRI", new QueueFilter(Role: QueueRole.Lead))).Rows);
        Assert.Equal(id, Assert.Single((await QueueAsync("ETRI", new QueueFilter(Role: QueueRole.Contributor))).Rows).Id);
    }

    [Fact]
    public async Task By_default_only_open_statuses_show_and_a_status_filter_shows_that_status()
    {
        var (company, user) = await CompanyAsync();
        var open = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Matching);
        var declined = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Declined);
        var withdrawn = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Withdrawn);

        Assert.Equal([open], (await QueueAsync("KRICT")).Rows.Select(r => r.Id));
        Assert.Equal([declined], (await QueueAsync("KRICT", new QueueFilter([RequestStatus.Declined]))).Rows.Select(r => r.Id));
        Assert.Equal([withdrawn], (await QueueAsync("KRICT", new QueueFilter([RequestStatus.Withdrawn]))).Rows.Select(r => r.Id));

        // A draft is never in the queue, even when asked for.
        Assert.Equal([open], (await QueueAsync("KRICT", new QueueFilter([RequestStatus.Draft]))).Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Sector_technology_and_country_filters_keep_the_matching_requests()
    {
        var (company, user) = await CompanyAsync();
        var id = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted);

        Assert.Single((await QueueAsync("KRICT", new QueueFilter(SectorCode: "PETROCHEMICAL"))).Rows);
        Assert.Empty((await QueueAsync("KRICT", new QueueFilter(SectorCode: "MACHINERY"))).Rows);

        // A leaf, its parent area (any of its leaves), another area.
        Assert.Single((await QueueAsync("KRICT", new QueueFilter(TechnologyCode: "CCUS.METHANE"))).Rows);
        Assert.Single((await QueueAsync("KRICT", new QueueFilter(TechnologyCode: "CCUS"))).Rows);
        Assert.Empty((await QueueAsync("KRICT", new QueueFilter(TechnologyCode: "CCUS.CAPTURE"))).Rows);
        Assert.Empty((await QueueAsync("KRICT", new QueueFilter(TechnologyCode: "H2"))).Rows);

        Assert.Equal(id, Assert.Single((await QueueAsync("KRICT", new QueueFilter(CountryCode: "CA"))).Rows).Id);
        Assert.Empty((await QueueAsync("KRICT", new QueueFilter(CountryCode: "DE"))).Rows);

        // An excluded country (RU) is not a country sought.
        Assert.Empty((await QueueAsync("KRICT", new QueueFilter(CountryCode: "RU"))).Rows);
    }

    [Fact]
    public async Task Unknown_filter_codes_are_dropped_rather_than_hiding_everything()
    {
        var (company, user) = await CompanyAsync();
        await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted);

        var queue = await QueueAsync("KRICT", new QueueFilter(SectorCode: "<script>", TechnologyCode: "NOPE", CountryCode: "ZZ", MinBusinessDaysWaiting: -3));

        Assert.Single(queue.Rows);
        Assert.Equal((null, null, null, null), (queue.Filter.SectorCode, queue.Filter.TechnologyCode, queue.Filter.CountryCode, queue.Filter.MinBusinessDaysWaiting));
    }

    [Fact]
    public async Task The_age_filter_keeps_requests_waiting_at_least_that_many_business_days()
    {
        var (company, user) = await CompanyAsync();
        var two = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted, "2일 대기");
        var five = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted, "5일 대기");
        var eleven = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.InReview, "11일 대기");
        await SetWaitingAsync(_provider, two, 2);
        await SetWaitingAsync(_provider, five, 5);
        await SetWaitingAsync(_provider, eleven, 11);

        Assert.Equal([eleven, five], (await QueueAsync("KRICT", new QueueFilter(MinBusinessDaysWaiting: 3))).Rows.Select(r => r.Id));
        Assert.Equal([eleven, five], (await QueueAsync("KRICT", new QueueFilter(MinBusinessDaysWaiting: 5))).Rows.Select(r => r.Id));
        Assert.Equal([eleven], (await QueueAsync("KRICT", new QueueFilter(MinBusinessDaysWaiting: 10))).Rows.Select(r => r.Id));

        var all = (await QueueAsync("KRICT")).Rows;
        Assert.Equal([11, 5, 2], all.Select(r => r.BusinessDaysWaiting));
    }

    [Fact]
    public async Task Requests_waiting_on_the_institute_more_than_five_business_days_are_overdue()
    {
        var (company, user) = await CompanyAsync();
        var submitted6 = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted);
        var inReview5 = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.InReview);
        var needsInformation20 = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.NeedsInformation);
        await SetWaitingAsync(_provider, submitted6, 6);
        await SetWaitingAsync(_provider, inReview5, 5);
        await SetWaitingAsync(_provider, needsInformation20, 20);

        var rows = (await QueueAsync("KRICT")).Rows.ToDictionary(r => r.Id);

        Assert.Equal(5, CoordinatorQueueQueries.OverdueAfterBusinessDays);
        Assert.True(rows[submitted6].IsOverdue);
        Assert.False(rows[inReview5].IsOverdue);
        Assert.False(rows[needsInformation20].IsOverdue); // waiting on the company, not the institute
    }

    [Fact]
    public async Task The_queue_is_ordered_longest_waiting_first_and_paged_25_at_a_time_with_the_total()
    {
        var (company, user) = await CompanyAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 27; i++)
        {
            var id = await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted, $"수요 {i:00}");
            await SetWaitingAsync(_provider, id, 3, minutes: i);
            ids.Add(id);
        }

        // The last one created waits longest.
        await SetWaitingAsync(_provider, ids[^1], 8);

        var first = await QueueAsync("KRICT");
        var second = await QueueAsync("KRICT", new QueueFilter(Page: 2));
        var beyond = await QueueAsync("KRICT", new QueueFilter(Page: 99));

        Assert.Equal((27, 2, 25), (first.Total, first.PageCount, first.Rows.Count));
        Assert.Equal(ids[^1], first.Rows[0].Id);
        Assert.Equal(ids.Take(24), first.Rows.Skip(1).Select(r => r.Id));
        Assert.Equal(ids.Skip(24).Take(2), second.Rows.Select(r => r.Id));
        Assert.Equal(2, beyond.Page);
        Assert.Equal(first.Rows.Select(r => r.StatusChangedAt).Order(), first.Rows.Select(r => r.StatusChangedAt));
    }

    [Fact]
    public async Task A_filtered_page_is_one_round_trip_after_the_reference_data_and_filters_technology_and_country_by_array_overlap()
    {
        var (company, user) = await CompanyAsync();
        await TestRequests.CreateInStateAsync(_provider, company, user, RequestStatus.Submitted);
        var logs = new CapturingLoggerProvider();
        await using var provider = TestServices.Build(TestDatabase.ConnectionStringFor(_database), logs: logs);

        var queue = await provider.InScopeAsync(sp => sp.GetRequiredService<CoordinatorQueueQueries>()
            .GetAsync("KRICT", new QueueFilter(TechnologyCode: "CCUS", CountryCode: "CA", MinBusinessDaysWaiting: null), default));

        Assert.Single(queue.Rows);
        var commands = logs.Entries.Where(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.Contains("Executed DbCommand", StringComparison.Ordinal))
            .Select(e => e.Message).ToList();
        // The reference data (read once per process, then from memory), then the page with its bounded count.
        Assert.Equal(2, commands.Count);
        Assert.Contains("technology_codes &&", commands[1], StringComparison.Ordinal);
        Assert.Contains("preferred_countries &&", commands[1], StringComparison.Ordinal);
    }
}
