using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>What one run of the expiry job did. <see cref="Skipped"/>: another instance held the lock.</summary>
public sealed record ExpiryRunResult(int Warned, int Expired, bool Skipped);

/// <summary>
/// The scheduled expiry job: warns the company a week before a request's deadline (once per deadline), and expires
/// requests whose deadline has passed with no activity for a week. Each batch runs in a transaction that first
/// takes a PostgreSQL advisory lock (pg_try_advisory_xact_lock): with several app instances only one works at a
/// time, and the other skips. Only open requests with a deadline are read (partial index
/// ix_partnership_requests_open_deadline).
/// </summary>
public sealed class RequestExpiryService(ConsortiumDbContext db, RequestNotifier notifier, TimeProvider clock)
{
    /// <summary>The advisory lock key of this job ("CNCEXPRY"): one constant for every app instance.</summary>
    public const long AdvisoryLockKey = 0x434E_4345_5850_5259;

    private const int BatchSize = 200;

    private static readonly RequestStatus[] Open = [.. RequestStatuses.Open];

    public async Task<ExpiryRunResult> RunAsync(CancellationToken cancellationToken)
    {
        int warned = 0, expired = 0;
        while (true)
        {
            var batch = await RunBatchAsync(cancellationToken);
            if (batch.Skipped)
            {
                return new ExpiryRunResult(warned, expired, warned + expired == 0);
            }

            warned += batch.Warned;
            expired += batch.Expired;
            if (batch.Warned + batch.Expired < BatchSize)
            {
                return new ExpiryRunResult(warned, expired, false);
            }
        }
    }

    private async Task<ExpiryRunResult> RunBatchAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(cancellationToken);
        if (!locked)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ExpiryRunResult(0, 0, true);
        }

        var now = clock.GetUtcNow();
        var today = KoreaTime.Today(clock);
        var warningHorizon = today.AddDays(PartnershipRequest.ExpiryWarningDays);
        var inactiveSince = now.AddDays(-PartnershipRequest.InactivityDaysBeforeExpiry);

        // The SQL form of NeedsExpiryWarning || IsDueToExpire (the domain decides again below). The rows are locked
        // (FOR UPDATE): a member saving one of them meanwhile waits, then gets the usual conflict message, and the
        // job itself never loses its batch to a conflict. Rows a member's transaction holds right now are skipped
        // and picked up by the next run.
        var open = Open.Select(s => s.ToString()).ToArray();
        var candidates = await db.Requests.FromSql($"""
                SELECT *, xmin FROM partnership_requests
                WHERE status = ANY({open}) AND deadline IS NOT NULL AND deadline <= {warningHorizon}
                  AND (expiry_warning_sent_at IS NULL OR (deadline < {today} AND last_activity_at <= {inactiveSince}))
                ORDER BY deadline, id
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        int warned = 0, expired = 0;
        foreach (var request in candidates)
        {
            if (request.IsDueToExpire(clock))
            {
                var from = request.Status;
                request.Expire(clock);
                db.AuditEntries.Add(AuditEntry.For(Actor.System, "Request.Expired", "PartnershipRequest", request.Id, now, $"{from} → {request.Status}"));
                await notifier.NotifyCompanyAsync(request, NotificationKind.RequestStatusChanged, null, cancellationToken);
                expired++;
            }
            else if (request.NeedsExpiryWarning(clock))
            {
                await notifier.NotifyCompanyAsync(request, NotificationKind.ExpiryWarning,
                    request.Deadline!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
                request.MarkExpiryWarningSent(clock);
                db.AuditEntries.Add(AuditEntry.For(Actor.System, "Request.ExpiryWarningSent", "PartnershipRequest", request.Id, now,
                    request.Deadline!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                warned++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new ExpiryRunResult(warned, expired, false);
    }
}
