using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Privacy;

/// <summary>
/// How long personal data is kept ("Retention:*" settings, in days), as the privacy policy states:
/// in-app notifications 365, e-mails in the outbox after sending (or giving up) 90, invitations 30 after they
/// expired, were revoked or were accepted, the access log of staff views 730 (two years), and SME accounts not
/// signed in to for 1,095 days (three years) are erased like an erasure on request.
/// </summary>
public sealed record RetentionOptions(int Notifications, int SentEmails, int Invitations, int AccessLog, int InactiveAccounts)
{
    public static RetentionOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // A missing, unreadable or non-positive value keeps the default (a typo never purges everything).
        int Days(string name, int fallback) =>
            int.TryParse(configuration["Retention:" + name], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) && days > 0
                ? days : fallback;
        return new RetentionOptions(Days(nameof(Notifications), 365), Days(nameof(SentEmails), 90), Days(nameof(Invitations), 30),
            Days(nameof(AccessLog), 730), Days(nameof(InactiveAccounts), 1095));
    }
}

/// <summary>What one purge removed (null when another instance held the lock and this one skipped).</summary>
public sealed record RetentionResult(int Notifications, int SentEmails, int Invitations, int AccessLog, int ErasedAccounts);

/// <summary>
/// Purges what is past its retention period. Several instances take turns: the run holds a session advisory lock,
/// and an instance that finds it held skips. Each kind is one set-based DELETE; each expired account is erased in
/// its own transaction by <see cref="PersonalDataErasure"/> (at most <see cref="AccountsPerRun"/> a run). The
/// run's counts go to the audit log (as "system").
/// </summary>
public sealed class RetentionService(ConsortiumDbContext db, PersonalDataErasure erasure, IConfiguration configuration, TimeProvider clock)
{
    public const long AdvisoryLockKey = 0x434E_4352_4554_4E54;

    public const int AccountsPerRun = 500;

    public async Task<RetentionResult?> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var options = RetentionOptions.From(configuration);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(cancellationToken))
            {
                return null;
            }

            try
            {
                return await PurgeLockedAsync(options, cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<RetentionResult> PurgeLockedAsync(RetentionOptions options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var notificationsBefore = now.AddDays(-options.Notifications);
        var notifications = await db.Notifications.Where(n => n.CreatedAt < notificationsBefore).ExecuteDeleteAsync(cancellationToken);

        var emailsBefore = now.AddDays(-options.SentEmails);
        var emails = await db.EmailOutbox.Where(m => (m.SentAt != null && m.SentAt < emailsBefore) || (m.FailedAt != null && m.FailedAt < emailsBefore))
            .ExecuteDeleteAsync(cancellationToken);

        var invitationsBefore = now.AddDays(-options.Invitations);
        var invitations = await db.CompanyInvitations
            .Where(i => (i.AcceptedAt != null && i.AcceptedAt < invitationsBefore) || (i.RevokedAt != null && i.RevokedAt < invitationsBefore)
                || i.ExpiresAt < invitationsBefore)
            .ExecuteDeleteAsync(cancellationToken);

        var accessBefore = now.AddDays(-options.AccessLog);
        var views = await db.PersonalDataViews.Where(v => v.At < accessBefore).ExecuteDeleteAsync(cancellationToken);

        // SME accounts only: a staff account belongs to the institute's records and is deactivated or erased by an admin.
        var inactiveBefore = now.AddDays(-options.InactiveAccounts);
        var expired = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId != null && u.ErasedAt == null && (u.LastSignInAt ?? u.CreatedAt) < inactiveBefore)
            .OrderBy(u => u.CreatedAt).Select(u => u.Id).Take(AccountsPerRun).ToListAsync(cancellationToken);
        var erased = 0;
        foreach (var id in expired)
        {
            db.ChangeTracker.Clear();
            var result = await erasure.EraseAsync(Actor.System, id, $"Retention: no sign-in for {options.InactiveAccounts} days", cancellationToken);
            erased += result.Succeeded ? 1 : 0;
        }

        var counts = new RetentionResult(notifications, emails, invitations, views, erased);
        if (counts != new RetentionResult(0, 0, 0, 0, 0))
        {
            db.ChangeTracker.Clear();
            db.AuditEntries.Add(AuditEntry.For(Actor.System, "Privacy.RetentionPurged", "Retention", now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), now,
                $"notifications {notifications}; e-mails {emails}; invitations {invitations}; access log {views}; accounts erased {erased}"));
            await db.SaveChangesAsync(cancellationToken);
        }

        return counts;
    }
}

/// <summary>Runs the retention purge at start and then every "Retention:Interval" (default 6 hours).</summary>
public sealed partial class RetentionWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<RetentionWorker> logger)
    : PeriodicJob(scopes, configuration, clock, "Retention:Interval", TimeSpan.FromHours(6))
{
    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<RetentionService>().PurgeAsync(cancellationToken) is { } result)
        {
            LogPurged(logger, result.Notifications, result.SentEmails, result.Invitations, result.AccessLog, result.ErasedAccounts);
        }
    }

    protected override void OnFailed(Exception exception, bool firstSinceSuccess) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge: {Notifications} notifications, {Emails} e-mails, {Invitations} invitations, {Views} access-log rows, {Accounts} accounts erased")]
    private static partial void LogPurged(ILogger logger, int notifications, int emails, int invitations, int views, int accounts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention purge failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
