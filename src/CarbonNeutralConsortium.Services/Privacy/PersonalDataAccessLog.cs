using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Privacy;

/// <summary>A row of the access log as the admin's viewer shows it (the viewer's current name, from the account).</summary>
public sealed record PersonalDataViewRow(long Id, DateTimeOffset At, Guid ViewerUserId, string ViewerName, string? ViewerOrganizationCode,
    string Purpose, string SubjectType, Guid SubjectId, int Records);

public sealed record PersonalDataViewPage(IReadOnlyList<PersonalDataViewRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Filters of the access log viewer.</summary>
public sealed record PersonalDataViewFilter(Guid? ViewerUserId = null, Guid? SubjectId = null, string? Purpose = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// Records staff views of personal data (one INSERT, outside the page's own work) and lists them for admins.
/// Only staff views are recorded: people looking at their own company's data are not "access by the processor".
/// </summary>
public sealed class PersonalDataAccessLog(ConsortiumDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task RecordAsync(Actor viewer, string purpose, string subjectType, Guid subjectId, int records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.UserId is not { } viewerId || viewer.Side == ActorSide.Company || records <= 0)
        {
            return;
        }

        var at = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO personal_data_views (at, viewer_user_id, viewer_organization_code, purpose, subject_type, subject_id, records)
            VALUES ({at}, {viewerId}, {viewer.OrganizationCode}, {purpose}, {subjectType}, {subjectId}, {records})
            """, cancellationToken);
    }

    public async Task<PersonalDataViewPage> ListAsync(PersonalDataViewFilter filter, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var views = db.PersonalDataViews.AsNoTracking();
        if (filter.ViewerUserId is { } viewer)
        {
            views = views.Where(v => v.ViewerUserId == viewer);
        }

        if (filter.SubjectId is { } subject)
        {
            views = views.Where(v => v.SubjectId == subject);
        }

        if (!string.IsNullOrEmpty(filter.Purpose))
        {
            views = views.Where(v => v.Purpose == filter.Purpose);
        }

        if (filter.From is { } from)
        {
            var start = KoreanBusinessDays.StartOfDayKst(from);
            views = views.Where(v => v.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = KoreanBusinessDays.StartOfDayKst(to.AddDays(1));
            views = views.Where(v => v.At < end);
        }

        var total = await views.CountAsync(cancellationToken);
        var current = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await views.OrderByDescending(v => v.At).ThenByDescending(v => v.Id)
            .Skip((current - 1) * PageSize).Take(PageSize)
            .Select(v => new PersonalDataViewRow(v.Id, v.At, v.ViewerUserId,
                db.Users.Where(u => u.Id == v.ViewerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                v.ViewerOrganizationCode, v.Purpose, v.SubjectType, v.SubjectId, v.Records))
            .ToListAsync(cancellationToken);
        return new PersonalDataViewPage(rows, total, current, PageSize);
    }
}
