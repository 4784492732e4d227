using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Admin;

/// <summary>The audit log viewer's filters: days in KST (inclusive), the actor's name (part of it), action, entity type and id.</summary>
public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? Actor, string? Action, string? EntityType, string? EntityId);

public sealed record AuditRow(long Id, DateTimeOffset At, string ActorName, string? ActorOrganizationCode, string Action, string EntityType, string EntityId, string? Details);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the audit log (never writes it: no code path of the app updates or deletes an audit row), newest first.</summary>
public sealed class AuditQueries(ConsortiumDbContext db)
{
    public const int PageSize = 50;

    /// <summary>The actions and entity types that occur, for the filter's lists.</summary>
    public async Task<(IReadOnlyList<string> Actions, IReadOnlyList<string> EntityTypes)> GetChoicesAsync(CancellationToken cancellationToken)
    {
        var actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        var types = await db.AuditEntries.AsNoTracking().Select(e => e.EntityType).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        return (actions, types);
    }

    public async Task<AuditPage> ListAsync(AuditFilter filter, int page, int? take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = db.AuditEntries.AsNoTracking();
        if (filter.From is { } from)
        {
            var start = KoreanBusinessDays.StartOfDayKst(from);
            entries = entries.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = KoreanBusinessDays.StartOfDayKst(to.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var pattern = "%" + filter.Actor.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            // People by their account's current name (the log keeps only their id), jobs by their own name.
            entries = entries.Where(e => EF.Functions.ILike(e.ActorName, pattern)
                || db.Users.Any(u => u.Id == e.ActorUserId && EF.Functions.ILike(u.DisplayName, pattern)));
        }

        if (!string.IsNullOrEmpty(filter.Action))
        {
            entries = entries.Where(e => e.Action == filter.Action);
        }

        if (!string.IsNullOrEmpty(filter.EntityType))
        {
            entries = entries.Where(e => e.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var id = filter.EntityId.Trim();
            entries = entries.Where(e => e.EntityId == id);
        }

        var size = take ?? PageSize;
        var total = await entries.CountAsync(cancellationToken);
        page = Math.Clamp(page, 1, Math.Max(1, (total + size - 1) / size));
        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(e => new AuditRow(e.Id, e.At,
                e.ActorUserId == null ? e.ActorName : db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                e.ActorOrganizationCode, e.Action, e.EntityType, e.EntityId, e.Details))
            .ToListAsync(cancellationToken);
        return new AuditPage(rows, total, page, size);
    }
}
