using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Coordination;

/// <summary>Which of the institute's requests the queue shows: all, those it leads, or those it contributes to.</summary>
public enum QueueRole
{
    All,
    Lead,
    Contributor,
}

/// <summary>
/// The queue's filters. <paramref name="Statuses"/> null or empty = the open statuses; a technology code may be a
/// leaf or a top-level area (any of its leaves); <paramref name="MinBusinessDaysWaiting"/> e.g. 3, 5, 10.
/// </summary>
public sealed record QueueFilter(
    IReadOnlyList<RequestStatus>? Statuses = null,
    string? SectorCode = null,
    string? TechnologyCode = null,
    string? CountryCode = null,
    int? MinBusinessDaysWaiting = null,
    QueueRole Role = QueueRole.All,
    int Page = 1);

/// <summary>A technology area of the filter, with its parent (null for a top-level area).</summary>
public sealed record QueueTechnology(string Code, string? ParentCode, string NameKo, string NameEn) : IBilingualName;

/// <summary>What the filter form offers (reference data, loaded with the page in the same round trip).</summary>
public sealed record QueueOptions(IReadOnlyList<NamedCode> Sectors, IReadOnlyList<QueueTechnology> Technologies, IReadOnlyList<NamedCode> Countries,
    IReadOnlyList<NamedCode> Institutes);

/// <summary>One request in the queue.</summary>
/// <param name="IsLead">True when the coordinator's institute leads it; false when it contributes.</param>
/// <param name="BusinessDaysWaiting">Business days (KST, Korean holidays excluded) since the request entered its status.</param>
/// <param name="IsOverdue">Waiting on the institute (Submitted or InReview) longer than <see cref="CoordinatorQueueQueries.OverdueAfterBusinessDays"/>.</param>
public sealed record QueueRow(
    Guid Id,
    string? ReferenceNumber,
    string Title,
    string CompanyNameKo,
    string? CompanyNameEn,
    RequestStatus Status,
    NamedCode? Sector,
    bool IsLead,
    NamedCode? Lead,
    bool IsConvergence,
    IReadOnlyList<NamedCode> Technologies,
    IReadOnlyList<NamedCode> Countries,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset StatusChangedAt,
    int BusinessDaysWaiting,
    bool IsOverdue);

/// <summary>The queue page: the filter as applied (unknown codes dropped), the rows, the total and the paging.</summary>
public sealed record CoordinatorQueue(QueueFilter Filter, QueueOptions Options, IReadOnlyList<QueueRow> Rows, int Total, int Page, int PageCount);

/// <summary>
/// The coordinator's queue: the requests the institute leads or contributes to (never drafts), filtered, oldest
/// waiting first (time in the current status), 25 a page. Three round trips: the reference data of the filters
/// and names, the count, the page.
/// </summary>
public sealed class CoordinatorQueueQueries(ConsortiumDbContext db, TimeProvider clock)
{
    public const int PageSize = 25;
    public const int MaxPage = 10_000;

    /// <summary>A request waiting on the institute (Submitted or InReview) longer than this many business days is overdue.</summary>
    public const int OverdueAfterBusinessDays = 5;

    /// <summary>The statuses in which the request waits on the institute: only these can be overdue.</summary>
    public static readonly IReadOnlyList<RequestStatus> AwaitingInstitute = [RequestStatus.Submitted, RequestStatus.InReview];

    /// <summary>The "waiting at least" choices the queue offers.</summary>
    public static readonly IReadOnlyList<int> AgeChoices = [3, 5, 10];

    public const int MaxAgeFilter = 250;

    public static bool IsOverdue(RequestStatus status, int businessDaysWaiting) =>
        AwaitingInstitute.Contains(status) && businessDaysWaiting > OverdueAfterBusinessDays;

    public async Task<CoordinatorQueue> GetAsync(string organizationCode, QueueFilter filter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationCode);
        ArgumentNullException.ThrowIfNull(filter);

        var reference = await db.Sectors.AsNoTracking().Select(s => new { Kind = "S", s.Code, Parent = (string?)null, s.NameKo, s.NameEn, Sort = s.SortOrder })
            .Concat(db.TechnologyAreas.AsNoTracking().Select(t => new { Kind = "T", t.Code, Parent = t.ParentCode, t.NameKo, t.NameEn, Sort = t.SortOrder }))
            .Concat(db.Countries.AsNoTracking().Select(c => new { Kind = "C", c.Code, Parent = (string?)null, c.NameKo, c.NameEn, Sort = 0 }))
            .Concat(db.Organizations.AsNoTracking().Select(o => new { Kind = "O", o.Code, Parent = (string?)null, o.NameKo, o.NameEn, Sort = o.SortOrder }))
            .ToListAsync(cancellationToken);
        var options = new QueueOptions(
            [.. reference.Where(r => r.Kind == "S").OrderBy(r => r.Sort).Select(r => new NamedCode(r.Code, r.NameKo, r.NameEn))],
            [.. reference.Where(r => r.Kind == "T").OrderBy(r => r.Sort).ThenBy(r => r.Code, StringComparer.Ordinal)
                .Select(r => new QueueTechnology(r.Code, r.Parent, r.NameKo, r.NameEn))],
            [.. reference.Where(r => r.Kind == "C").OrderBy(r => r.NameKo, StringComparer.Ordinal).Select(r => new NamedCode(r.Code, r.NameKo, r.NameEn))],
            [.. reference.Where(r => r.Kind == "O").OrderBy(r => r.Sort).Select(r => new NamedCode(r.Code, r.NameKo, r.NameEn))]);
        var names = reference.ToDictionary(r => (r.Kind, r.Code), r => new NamedCode(r.Code, r.NameKo, r.NameEn));
        NamedCode Name(string kind, string code) => names.TryGetValue((kind, code), out var found) ? found : new NamedCode(code, code, code);

        // The filter as applied: codes that are not in the reference data are dropped (a hand-made URL is no error).
        var statuses = filter.Statuses is { Count: > 0 } chosen ? chosen.Where(s => s != RequestStatus.Draft && Enum.IsDefined(s)).Distinct().ToArray() : [];
        if (statuses.Length == 0)
        {
            statuses = [.. RequestStatuses.Open];
        }

        var sector = filter.SectorCode is { } s && names.ContainsKey(("S", s)) ? s : null;
        var technology = filter.TechnologyCode is { } t && names.ContainsKey(("T", t)) ? t : null;
        var country = filter.CountryCode is { } c && names.ContainsKey(("C", c)) ? c : null;
        var minDays = filter.MinBusinessDaysWaiting is { } d && d is > 0 and <= MaxAgeFilter ? d : (int?)null;
        var applied = new QueueFilter(statuses, sector, technology, country, minDays, filter.Role, filter.Page);

        var organization = organizationCode;
        var query = db.Requests.AsNoTracking().Where(r => r.Status != RequestStatus.Draft);
        query = filter.Role switch
        {
            QueueRole.Lead => query.Where(r => r.LeadOrganizationCode == organization),
            QueueRole.Contributor => query.Where(r => r.Contributors.Any(x => x.OrganizationCode == organization)),
            _ => query.Where(r => r.LeadOrganizationCode == organization || r.Contributors.Any(x => x.OrganizationCode == organization)),
        };
        query = query.Where(r => statuses.Contains(r.Status));

        if (sector is not null)
        {
            query = query.Where(r => r.SectorCode == sector);
        }

        if (technology is not null)
        {
            // A top-level area means any of its leaves (and the area itself); array overlap (&&) uses the GIN index.
            var codes = options.Technologies.Where(x => x.Code == technology || x.ParentCode == technology).Select(x => x.Code).ToArray();
            query = query.Where(r => r.TechnologyCodes.Any(x => codes.Contains(x)));
        }

        if (country is not null)
        {
            var countries = new[] { country };
            query = query.Where(r => r.PreferredCountries.Any(x => countries.Contains(x)));
        }

        if (minDays is { } min)
        {
            // Waiting ≥ n business days ⇔ in the status since before the n-th business day back from today (KST).
            var before = KoreanBusinessDays.StartOfDayKst(KoreanBusinessDays.NthBusinessDayBack(KoreaTime.Today(clock), min));
            query = query.Where(r => r.StatusChangedAt < before);
        }

        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, Math.Min(pageCount, MaxPage));
        var found = total == 0
            ? []
            : await (
                    from r in query
                    join company in db.Companies.AsNoTracking() on r.CompanyId equals company.Id
                    orderby r.StatusChangedAt, r.Id
                    select new
                    {
                        r.Id,
                        r.ReferenceNumber,
                        r.Title,
                        CompanyNameKo = company.NameKo,
                        CompanyNameEn = company.NameEn,
                        r.Status,
                        r.SectorCode,
                        r.LeadOrganizationCode,
                        r.IsConvergence,
                        r.TechnologyCodes,
                        r.PreferredCountries,
                        r.SubmittedAt,
                        r.StatusChangedAt,
                    })
                .Skip((page - 1) * PageSize).Take(PageSize)
                .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var rows = found.Select(r =>
        {
            var waiting = KoreanBusinessDays.Between(r.StatusChangedAt, now);
            return new QueueRow(r.Id, r.ReferenceNumber, r.Title, r.CompanyNameKo, r.CompanyNameEn, r.Status,
                r.SectorCode is null ? null : Name("S", r.SectorCode),
                r.LeadOrganizationCode == organization,
                r.LeadOrganizationCode is null ? null : Name("O", r.LeadOrganizationCode),
                r.IsConvergence,
                [.. r.TechnologyCodes.Select(x => Name("T", x))],
                [.. r.PreferredCountries.Select(x => Name("C", x))],
                r.SubmittedAt, r.StatusChangedAt, waiting, IsOverdue(r.Status, waiting));
        }).ToList();
        return new CoordinatorQueue(applied with { Page = page }, options, rows, total, page, pageCount);
    }
}
