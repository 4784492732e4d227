using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Notifications;

public sealed record NotificationRow(Guid Id, NotificationKind Kind, Guid? RequestId, string? Reference, string? Subject, string? Status, DateTimeOffset CreatedAt, bool IsRead);

/// <summary>
/// A page of the list. <paramref name="Total"/> and <paramref name="Unread"/> count at most <see cref="ListPaging.CountCap"/>
/// (beyond, <paramref name="TotalIsCapped"/> / <paramref name="UnreadIsCapped"/>: shown as "1,000+").
/// </summary>
public sealed record NotificationPage(IReadOnlyList<NotificationRow> Rows, int Total, int Unread, int Page, int PageCount, bool TotalIsCapped = false,
    bool UnreadIsCapped = false, bool HasNext = false);

/// <summary>A user's in-app notifications: the list (newest first, paged), the unread count, and marking them read.</summary>
public sealed class NotificationQueries(ConsortiumDbContext db, TimeProvider clock)
{
    public const int PageSize = 30;

    public const int MaxPage = 10_000;

    /// <summary>The badge of the navigation counts at most this many unread notifications (it shows "99+" beyond 99).</summary>
    public const int BadgeCap = 100;

    /// <summary>
    /// The list page, its bounded total and the bounded unread count (which is also the layout's badge) in one round trip
    /// (two for a page past the end).
    /// </summary>
    public async Task<NotificationPage> ListAsync(Guid userId, int page, CancellationToken cancellationToken)
    {
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var read = await db.ReadAsync(
            mine,
            mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Select(n => new NotificationRow(n.Id, n.Kind, n.RequestId, n.Reference, n.Subject, n.Status, n.CreatedAt, n.ReadAt != null)),
            page, PageSize, MaxPage, userId, cancellationToken, unreadCap: ListPaging.CountCap + 1);
        var unread = read.UnreadNotifications ?? 0;
        return new NotificationPage(read.Rows, read.Total, Math.Min(unread, ListPaging.CountCap), read.Page, read.PageCount, read.TotalIsCapped,
            unread > ListPaging.CountCap, read.HasNext);
    }

    /// <summary>
    /// The user's unread notifications (none for null), to be counted inside a page's own query: the layout's badge then
    /// costs no round trip of its own. Uses the partial index on unread notifications.
    /// </summary>
    public static IQueryable<Notification> UnreadOf(ConsortiumDbContext db, Guid? userId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return userId is { } id
            ? db.Notifications.AsNoTracking().Where(n => n.UserId == id && n.ReadAt == null)
            : db.Notifications.AsNoTracking().Where(n => false);
    }

    /// <summary>The user's unread notifications, counted up to <see cref="BadgeCap"/> (the badge of a page that did not count them itself).</summary>
    public Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken) =>
        UnreadOf(db, userId).Take(BadgeCap).CountAsync(cancellationToken);

    /// <summary>Marks every unread notification of the user as read (one UPDATE); returns how many changed.</summary>
    public Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
