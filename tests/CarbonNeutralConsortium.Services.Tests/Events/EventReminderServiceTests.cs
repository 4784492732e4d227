using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Events;

/// <summary>
/// The day-before reminder with several app instances (two service providers on one database, each with its own
/// DbContext pool): however many runs start at once, each seat holder gets one reminder, and a run that finds
/// another instance in the middle of the job skips it. The database is shared by the tests of this class, so each
/// test checks only its own event and people.
/// </summary>
public sealed class EventReminderServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string ReminderKind = "Event.EventReminder";
    private static readonly Actor Agency = new(null, "테스트 관리자", ActorSide.Agency, "KEIT");

    [Fact]
    public async Task Runs_of_two_instances_at_the_same_moment_send_one_reminder_to_each_seat_holder()
    {
        await using var first = TestServices.Build(fixture.ConnectionString);
        await using var second = TestServices.Build(fixture.ConnectionString);
        var (eventId, seated, waiting) = await EventWithPeopleAsync(first, seats: 3, waitlisted: 1);

        // Two instances, each with two workers' worth of runs, released together.
        var runs = await AtOnce.RunAsync([first, second, first, second], Reminders);

        Assert.Single(runs, r => r > 0);
        Assert.All(runs, r => Assert.True(r is -1 or >= 0, $"unexpected result {r}"));
        foreach (var person in seated)
        {
            Assert.Single(await RemindersToAsync(first, person.Email));
        }

        Assert.Empty(await RemindersToAsync(first, waiting.Single().Email));
        Assert.NotNull(await ReminderSentAtAsync(second, eventId));

        // Later runs of either instance find nothing more to send.
        Assert.Equal(0, await first.InScopeAsync(Reminders));
        Assert.Equal(0, await second.InScopeAsync(Reminders));
        foreach (var person in seated)
        {
            Assert.Single(await RemindersToAsync(second, person.Email));
        }
    }

    [Fact]
    public async Task A_run_that_starts_while_another_instance_is_in_the_middle_of_the_job_skips_it_and_queues_nothing()
    {
        await using var first = TestServices.Build(fixture.ConnectionString);
        await using var second = TestServices.Build(fixture.ConnectionString);
        var (eventId, seated, _) = await EventWithPeopleAsync(first, seats: 2, waitlisted: 0);

        // The first instance's run takes the job's lock, then waits at the events table (held by the test).
        await using var events = await TableLock.TakeAsync(fixture.ConnectionString, "events");
        var running = Task.Run(() => first.InScopeAsync(Reminders));
        await events.WaitForWaiterAsync(running);

        var skipped = await second.InScopeAsync(Reminders).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(-1, skipped);
        Assert.False(running.IsCompleted);
        foreach (var person in seated)
        {
            Assert.Empty(await RemindersToAsync(second, person.Email));
        }

        await events.ReleaseAsync();
        Assert.True(await running.WaitAsync(TimeSpan.FromSeconds(30)) >= 1);
        foreach (var person in seated)
        {
            Assert.Single(await RemindersToAsync(first, person.Email));
        }

        Assert.NotNull(await ReminderSentAtAsync(first, eventId));
    }

    private static Task<int> Reminders(IServiceProvider services) =>
        services.GetRequiredService<EventReminderService>().RunAsync(CancellationToken.None);

    /// <summary>A published event starting in 20 hours (due for its reminder), with seat holders and people on the waitlist.</summary>
    private static async Task<(Guid EventId, List<RequestFixtures.Member> Seated, List<RequestFixtures.Member> Waiting)> EventWithPeopleAsync(
        IServiceProvider provider, int seats, int waitlisted)
    {
        var starts = KoreaTime.ToKst(DateTimeOffset.UtcNow).DateTime.AddHours(20);
        var input = new EventInput("KRICT", [], EventKind.Seminar, "리마인더 세미나", "Reminder seminar " + Guid.NewGuid().ToString("N")[..6],
            "메탄 CCU 공정 협력", "Methane CCU process cooperation", ["CCUS.METHANE"], EventFormat.Hybrid, "대전 KRICT 디딤돌플라자",
            "https://meet.example.org/ccu", starts, starts.AddHours(4), starts.AddHours(-1), seats, "University of Calgary | CA");
        var eventId = await provider.InScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<EventService>();
            var created = await service.CreateAsync(Agency, input, CancellationToken.None);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Field + ":" + e.Code)));
            Assert.True((await service.PublishAsync(Agency, created.Value, CancellationToken.None)).Succeeded);
            return created.Value;
        });

        var seated = new List<RequestFixtures.Member>();
        var waiting = new List<RequestFixtures.Member>();
        for (var i = 0; i < seats + waitlisted; i++)
        {
            var member = await RequestFixtures.NewCompanyAsync(provider);
            var status = await provider.InScopeAsync(sp => sp.GetRequiredService<EventParticipationService>()
                .RegisterAsync(new Actor(member.UserId, "참가자", ActorSide.Company), eventId, member.CompanyId, CancellationToken.None));
            Assert.True(status.Succeeded);
            (status.Value == RegistrationStatus.Registered ? seated : waiting).Add(member);
        }

        Assert.Equal((seats, waitlisted), (seated.Count, waiting.Count));
        return (eventId, seated, waiting);
    }

    private static Task<List<Email.EmailOutboxMessage>> RemindersToAsync(IServiceProvider provider, string email) =>
        RequestFixtures.MailsAsync(provider, email, ReminderKind);

    private static Task<DateTimeOffset?> ReminderSentAtAsync(IServiceProvider provider, Guid eventId) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Events.AsNoTracking()
            .Where(e => e.Id == eventId).Select(e => e.ReminderSentAt).SingleAsync());
}
