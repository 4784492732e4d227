using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Notifications;

public sealed record NotificationRow(Guid Id, NotificationKind Kind, Guid? RequestId, string? Reference, string? Subject, string? Status, DateTimeOffset CreatedAt, bool IsRead);

public sealed record NotificationPage(IReadOnlyList<NotificationRow> Rows, int Total, int Unread, int Page, int PageCount);

/// <summary>A user's in-app notifications: the list (newest first, paged), the unread count, and marking them read.</summary>
public sealed class NotificationQueries(ConsortiumDbContext db, TimeProvider clock)
{
    public const int PageSize = 30;

    public const int MaxPage = 10_000;

    public async Task<NotificationPage> ListAsync(Guid userId, int page, CancellationToken cancellationToken)
    {
        var counts = await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .GroupBy(_ => 1)
            .Select(g => new { Total = g.Count(), Unread = g.Count(n => n.ReadAt == null) })
            .FirstOrDefaultAsync(cancellationToken);
        var total = counts?.Total ?? 0;
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, Math.Min(pageCount, MaxPage));
        var rows = total == 0
            ? []
            : await db.Notifications.AsNoTracking()
                .Where(n => n.UserId == userId)
                .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(n => new NotificationRow(n.Id, n.Kind, n.RequestId, n.Reference, n.Subject, n.Status, n.CreatedAt, n.ReadAt != null))
                .ToListAsync(cancellationToken);
        return new NotificationPage(rows, total, counts?.Unread ?? 0, page, pageCount);
    }

    public Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Notifications.AsNoTracking().CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);

    /// <summary>Marks every unread notification of the user as read (one UPDATE); returns how many changed.</summary>
    public Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
