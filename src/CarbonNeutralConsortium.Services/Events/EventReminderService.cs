using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>
/// The day-before reminder: every published event starting within the next 24 hours that has not had its reminder
/// gets one e-mail per seat holder (not the waitlist), and is marked, in one transaction with the outbox rows, so
/// each person gets exactly one reminder. An advisory lock lets only one app instance run it at a time.
/// </summary>
public sealed class EventReminderService(ConsortiumDbContext db, EventMail mail, TimeProvider clock)
{
    /// <summary>The advisory lock key of this job ("CNCEVRMD").</summary>
    public const long AdvisoryLockKey = 0x434E_4345_5652_4D44;

    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    /// <returns>The number of events reminded, or -1 when another instance held the lock.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(cancellationToken);
        if (!locked)
        {
            return -1;
        }

        var now = clock.GetUtcNow();
        var until = now + Ahead;
        var due = await db.Events
            .Where(e => e.Status == EventStatus.Published && e.ReminderSentAt == null && e.StartsAt > now && e.StartsAt <= until)
            .OrderBy(e => e.StartsAt).Take(100)
            .ToListAsync(cancellationToken);
        foreach (var ev in due)
        {
            var seats = await db.EventRegistrations.Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Registered)
                .Select(r => r.UserId).ToListAsync(cancellationToken);
            await mail.ReminderAsync(ev, seats, cancellationToken);
            ev.ReminderSentAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
}

/// <summary>Runs <see cref="EventReminderService"/> at start and every "Events:ReminderInterval" (default 10 minutes).</summary>
public sealed partial class EventReminderWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<EventReminderWorker> logger)
    : PeriodicJob(scopes, configuration, clock, IntervalSetting, TimeSpan.FromMinutes(10))
{
    public const string IntervalSetting = "Events:ReminderInterval";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var reminded = await services.GetRequiredService<EventReminderService>().RunAsync(cancellationToken);
        if (reminded > 0)
        {
            LogReminded(logger, reminded);
        }
    }

    protected override void OnFailed(Exception exception, bool firstSinceSuccess) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event reminders queued for {Events} events")]
    private static partial void LogReminded(ILogger logger, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event reminders could not be sent; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
