using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Common;

/// <summary>
/// One page of a list, with a bounded total: lists count at most <see cref="ListPaging.CountCap"/> rows (a registry of
/// 100,000 partners or a queue of 1,000,000 requests is never counted in full for a page). Beyond that the total shows as
/// "1,000+" and the pages as "40+", and <see cref="HasNext"/> still leads on, page after page.
/// </summary>
/// <param name="Total">The number of rows, at most <see cref="ListPaging.CountCap"/> (see <see cref="TotalIsCapped"/>).</param>
/// <param name="PageCount">The pages of the counted rows (at least 1).</param>
/// <param name="UnreadNotifications">The viewer's unread notifications (bounded), read in the same round trip; null without a viewer.</param>
public sealed record BoundedPage<T>(IReadOnlyList<T> Rows, int Total, bool TotalIsCapped, int Page, int PageCount, bool HasNext, int? UnreadNotifications);

public static class ListPaging
{
    /// <summary>A list counts at most this many rows (and reads one more to know there are more).</summary>
    public const int CountCap = 1_000;

    /// <summary>
    /// Reads one page of <paramref name="rows"/> (the filtered list, ordered and projected), the bounded count of
    /// <paramref name="filtered"/> (the same list, neither ordered nor projected: a count needs no sort) and, for a
    /// viewer, the unread notifications of the layout's badge, in one round trip: the viewer's user row is the root and
    /// the page a LATERAL subquery (ORDER BY ... OFFSET ... LIMIT inside it, so the indexes serve it). A page past the end
    /// of a list that was counted in full is read again as the last page (a second round trip). Without a viewer (tools,
    /// tests), the count and the page are two round trips.
    /// </summary>
    public static async Task<BoundedPage<TRow>> ReadAsync<TEntity, TRow>(
        this ConsortiumDbContext db,
        IQueryable<TEntity> filtered,
        IQueryable<TRow> rows,
        int page,
        int pageSize,
        int maxPage,
        Guid? viewer,
        CancellationToken cancellationToken,
        int unreadCap = NotificationQueries.BadgeCap)
    {
        ArgumentNullException.ThrowIfNull(db);
        page = Math.Clamp(page, 1, maxPage);
        if (viewer is not { } viewerId)
        {
            var counted = await filtered.Take(CountCap + 1).CountAsync(cancellationToken);
            page = counted > CountCap ? page : Math.Min(page, PageCountOf(counted, pageSize));
            var found = counted == 0 ? [] : await rows.Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(cancellationToken);
            return Paged(found, counted, page, pageSize, null);
        }

        var unread = NotificationQueries.UnreadOf(db, viewerId);
        for (var attempt = 0; ; attempt++)
        {
            var pageRows = rows.Skip((page - 1) * pageSize).Take(pageSize + 1);
            var read = await db.Users.AsNoTracking().Where(u => u.Id == viewerId)
                .Select(u => new
                {
                    Total = filtered.Take(CountCap + 1).Count(),
                    Unread = unread.Take(unreadCap).Count(),
                    Rows = pageRows.ToList(),
                })
                .FirstOrDefaultAsync(cancellationToken);
            if (read is null)
            {
                // No such user (a stale cookie): no badge, the list as for anyone.
                return await db.ReadAsync(filtered, rows, page, pageSize, maxPage, null, cancellationToken);
            }

            var last = read.Total > CountCap ? page : PageCountOf(read.Total, pageSize);
            if (page > last && attempt == 0)
            {
                page = last;
                continue;
            }

            return Paged(read.Rows, read.Total, page, pageSize, read.Unread);
        }
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, for lists EF cannot read as a LATERAL collection (a UNION ALL of two index-ordered sets):
    /// the page is the root of the statement and the bounded count and the unread count are scalar subqueries on each
    /// row. One round trip when the page has rows; an empty page (nothing found, or past the end) costs a second for the
    /// counts, and a page past the end a third for the last page.
    /// </summary>
    public static async Task<BoundedPage<TRow>> ReadRowsFirstAsync<TEntity, TRow>(
        this ConsortiumDbContext db,
        IQueryable<TEntity> filtered,
        IQueryable<TRow> rows,
        int page,
        int pageSize,
        int maxPage,
        Guid? viewer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        page = Math.Clamp(page, 1, maxPage);
        var unread = NotificationQueries.UnreadOf(db, viewer);
        var read = await rows.Skip((page - 1) * pageSize).Take(pageSize + 1)
            .Select(r => new RowWithCounts<TRow>
            {
                Row = r,
                Total = filtered.Take(CountCap + 1).Count(),
                Unread = unread.Take(NotificationQueries.BadgeCap).Count(),
            })
            .ToListAsync(cancellationToken);
        if (read.Count > 0)
        {
            return Paged([.. read.Select(r => r.Row)], read[0].Total, page, pageSize, viewer is null ? null : read[0].Unread);
        }

        // Nothing on this page: the counts alone (the viewer's user row as the root), then the last page if this one is past it.
        var counts = viewer is { } viewerId
            ? await db.Users.AsNoTracking().Where(u => u.Id == viewerId)
                .Select(u => new { Total = filtered.Take(CountCap + 1).Count(), Unread = (int?)unread.Take(NotificationQueries.BadgeCap).Count() })
                .FirstOrDefaultAsync(cancellationToken)
            : null;
        var total = counts?.Total ?? await filtered.Take(CountCap + 1).CountAsync(cancellationToken);
        var last = PageCountOf(total, pageSize);
        if (total == 0 || total > CountCap || page <= last)
        {
            return Paged(new List<TRow>(), total, page, pageSize, counts?.Unread);
        }

        var lastRows = await rows.Skip((last - 1) * pageSize).Take(pageSize + 1).ToListAsync(cancellationToken);
        return Paged(lastRows, total, last, pageSize, counts?.Unread);
    }

    private sealed class RowWithCounts<TRow>
    {
        public required TRow Row { get; init; }

        public int Total { get; init; }

        public int Unread { get; init; }
    }

    private static int PageCountOf(int total, int pageSize) => Math.Max(1, (Math.Min(total, CountCap) + pageSize - 1) / pageSize);

    private static BoundedPage<TRow> Paged<TRow>(List<TRow> found, int counted, int page, int pageSize, int? unread)
    {
        var capped = counted > CountCap;
        var hasNext = found.Count > pageSize;
        if (hasNext)
        {
            found.RemoveAt(found.Count - 1);
        }

        return new BoundedPage<TRow>(found, Math.Min(counted, CountCap), capped, page, PageCountOf(counted, pageSize), hasNext, unread);
    }
}
