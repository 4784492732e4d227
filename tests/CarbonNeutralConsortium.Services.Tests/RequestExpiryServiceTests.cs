using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>
/// The expiry job on a real database with a clock moved to the days that matter. The database is shared by the
/// tests of this class, so each test checks only its own requests and members.
/// </summary>
public class RequestExpiryServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_warning_goes_out_once_a_week_before_the_deadline_even_when_the_job_runs_twice()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);
        var deadline = (await RequestFixtures.LoadAsync(provider, id)).Deadline!.Value;

        await RunAsync(provider, KstNoon(deadline.AddDays(-8)));
        Assert.Empty(await RequestFixtures.MailsAsync(provider, member.Email, "Request.ExpiryWarning"));

        await RunAsync(provider, KstNoon(deadline.AddDays(-3)));
        await RunAsync(provider, KstNoon(deadline.AddDays(-2)));

        var mail = Assert.Single(await RequestFixtures.MailsAsync(provider, member.Email, "Request.ExpiryWarning"));
        Assert.Contains(deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(NotificationKind.ExpiryWarning, Assert.Single(await RequestFixtures.NotificationsAsync(provider, member.UserId)).Kind);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.NotNull(request.ExpiryWarningSentAt);
        Assert.Equal(RequestStatus.InReview, request.Status);
    }

    [Fact]
    public async Task A_request_expires_after_its_deadline_and_a_week_without_activity_and_not_before()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Matching);
        var deadline = (await RequestFixtures.LoadAsync(provider, id)).Deadline!.Value;
        // The institute last did something two days after the deadline.
        var lastActivity = KstNoon(deadline.AddDays(2));
        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Database
            .ExecuteSqlInterpolatedAsync($"UPDATE partnership_requests SET last_activity_at = {lastActivity} WHERE id = {id}"));

        await RunAsync(provider, KstNoon(deadline));
        await RunAsync(provider, lastActivity.AddDays(7).AddMinutes(-1));
        Assert.Equal(RequestStatus.Matching, (await RequestFixtures.LoadAsync(provider, id)).Status);

        await RunAsync(provider, lastActivity.AddDays(7));

        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.Expired, request.Status);
        var last = request.History.OrderBy(h => h.At).Last();
        Assert.Equal((RequestStatus.Matching, "system:DeadlinePassed", ActorSide.System), (last.From!.Value, last.Note!, last.ActorSide));
        Assert.Contains("Request.Expired", await RequestFixtures.AuditActionsAsync(provider, id));
        Assert.Contains(await RequestFixtures.NotificationsAsync(provider, member.UserId), n => n.Kind == NotificationKind.RequestStatusChanged && n.Status == "Expired");
        Assert.Single(await RequestFixtures.MailsAsync(provider, member.Email, "Request.RequestStatusChanged"));
    }

    [Fact]
    public async Task Drafts_and_connected_requests_are_left_alone()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var draft = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Draft);
        var connected = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Connected);
        var deadline = (await RequestFixtures.LoadAsync(provider, draft)).Deadline!.Value;

        await RunAsync(provider, KstNoon(deadline.AddDays(30)));

        Assert.Equal(RequestStatus.Draft, (await RequestFixtures.LoadAsync(provider, draft)).Status);
        Assert.Equal(RequestStatus.Connected, (await RequestFixtures.LoadAsync(provider, connected)).Status);
        Assert.Empty(await RequestFixtures.NotificationsAsync(provider, member.UserId));
    }

    [Fact]
    public async Task Two_runs_at_the_same_time_expire_each_request_once_and_send_one_e_mail_per_member()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted, $"동시 실행 수요 {i}"));
        }

        var deadline = (await RequestFixtures.LoadAsync(provider, ids[0])).Deadline!.Value;
        var now = KstNoon(deadline.AddDays(60));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(provider, now))));

        Assert.Contains(runs, r => !r.Skipped);
        foreach (var id in ids)
        {
            var request = await RequestFixtures.LoadAsync(provider, id);
            Assert.Equal(RequestStatus.Expired, request.Status);
            Assert.Single(request.History, h => h.To == RequestStatus.Expired);
        }

        Assert.Equal(ids.Count, (await RequestFixtures.MailsAsync(provider, member.Email, "Request.RequestStatusChanged")).Count);
        Assert.Equal(ids.Count, (await RequestFixtures.NotificationsAsync(provider, member.UserId)).Count(n => n.Status == "Expired"));

        // The expired requests are done: a later run finds nothing of them.
        await RunAsync(provider, now.AddDays(1));
        Assert.Equal(ids.Count, (await RequestFixtures.MailsAsync(provider, member.Email, "Request.RequestStatusChanged")).Count);
    }

    [Fact]
    public async Task While_another_instance_holds_the_lock_a_run_skips_and_changes_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        var deadline = (await RequestFixtures.LoadAsync(provider, id)).Deadline!.Value;

        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.True(await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({RequestExpiryService.AdvisoryLockKey}) AS \"Value\"").SingleAsync());

        var skipped = await RunAsync(provider, KstNoon(deadline.AddDays(30)));

        Assert.True(skipped.Skipped);
        Assert.Equal(RequestStatus.Submitted, (await RequestFixtures.LoadAsync(provider, id)).Status);
        await transaction.RollbackAsync();
        Assert.False((await RunAsync(provider, KstNoon(deadline.AddDays(30)))).Skipped);
        Assert.Equal(RequestStatus.Expired, (await RequestFixtures.LoadAsync(provider, id)).Status);
    }

    private static DateTimeOffset KstNoon(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(9)).ToUniversalTime();

    /// <summary>One run of the job as the worker does it (its own scope), with the clock at <paramref name="now"/>.</summary>
    private static Task<ExpiryRunResult> RunAsync(IServiceProvider provider, DateTimeOffset now) =>
        provider.InScopeAsync(sp =>
        {
            var clock = new FixedTimeProvider(now);
            var notifier = ActivatorUtilities.CreateInstance<RequestNotifier>(sp, clock);
            return ActivatorUtilities.CreateInstance<RequestExpiryService>(sp, notifier, clock).RunAsync(default);
        });
}
