using System.Linq.Expressions;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.ReferenceData;
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

/// <summary>
/// The queue page: the filter as applied (unknown codes dropped), the rows, the total (counted up to
/// <see cref="ListPaging.CountCap"/>: <paramref name="TotalIsCapped"/> beyond, shown as "1,000+") and the paging, and the
/// viewer's unread notifications when the viewer was given (read in the same round trip, for the layout's badge).
/// </summary>
public sealed record CoordinatorQueue(QueueFilter Filter, QueueOptions Options, IReadOnlyList<QueueRow> Rows, int Total, int Page, int PageCount,
    bool TotalIsCapped = false, bool HasNext = false, int? UnreadNotifications = null);

/// <summary>
/// The coordinator's queue: the requests the institute leads or contributes to (never drafts), filtered, oldest
/// waiting first (time in the current status), 25 a page. One round trip (see <see cref="ListPaging.ReadAsync"/>):
/// the reference data of the filters and names comes from memory, the bounded count, the page and the viewer's unread
/// notifications come together.
/// </summary>
public sealed class CoordinatorQueueQueries(ConsortiumDbContext db, ReferenceDataCache referenceData, TimeProvider clock)
{
    public const int PageSize = 25;
    public const int MaxPage = 10_000;

    /// <summary>The most rows an export of the queue writes.</summary>
    public const int ExportRows = 10_000;

    /// <summary>A request waiting on the institute (Submitted or InReview) longer than this many business days is overdue.</summary>
    public const int OverdueAfterBusinessDays = 5;

    /// <summary>The statuses in which the request waits on the institute: only these can be overdue.</summary>
    public static readonly IReadOnlyList<RequestStatus> AwaitingInstitute = [RequestStatus.Submitted, RequestStatus.InReview];

    /// <summary>The "waiting at least" choices the queue offers.</summary>
    public static readonly IReadOnlyList<int> AgeChoices = [3, 5, 10];

    public const int MaxAgeFilter = 250;

    public static bool IsOverdue(RequestStatus status, int businessDaysWaiting) =>
        AwaitingInstitute.Contains(status) && businessDaysWaiting > OverdueAfterBusinessDays;

    /// <param name="viewerId">The signed-in coordinator: their unread notifications are counted with the page.</param>
    /// <param name="pageSize">Rows a page (the exports read one page of <see cref="ExportRows"/>).</param>
    public async Task<CoordinatorQueue> GetAsync(string organizationCode, QueueFilter filter, CancellationToken cancellationToken, Guid? viewerId = null,
        int pageSize = PageSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationCode);
        ArgumentNullException.ThrowIfNull(filter);

        var reference = await referenceData.GetAsync(cancellationToken);
        var options = new QueueOptions(
            reference.Sectors,
            [.. reference.Technologies.Select(t => new QueueTechnology(t.Code, t.ParentCode, t.NameKo, t.NameEn))],
            reference.Countries,
            reference.Organizations);

        // The filter as applied: codes that are not in the reference data are dropped (a hand-made URL is no error).
        var statuses = filter.Statuses is { Count: > 0 } chosen ? chosen.Where(s => s != RequestStatus.Draft && Enum.IsDefined(s)).Distinct().ToArray() : [];
        if (statuses.Length == 0)
        {
            statuses = [.. RequestStatuses.Open];
        }

        var sector = filter.SectorCode is { } s && reference.IsSector(s) ? s : null;
        var technology = filter.TechnologyCode is { } t && reference.IsTechnology(t) ? t : null;
        var country = filter.CountryCode is { } c && reference.IsCountry(c) ? c : null;
        var minDays = filter.MinBusinessDaysWaiting is { } d && d is > 0 and <= MaxAgeFilter ? d : (int?)null;
        var applied = new QueueFilter(statuses, sector, technology, country, minDays, filter.Role, filter.Page);

        // One status is an equality, so that PostgreSQL reads the index on (lead, status, time) in the queue's order. A list
        // (the open statuses, all of them) is written into the SQL as constants, not sent as a parameter: the portal's
        // statements are prepared, and the generic plan PostgreSQL switches to after five runs could not use the partial
        // indexes of open requests for an array it does not know (the led requests in time order: 2 ms with them, 150–900
        // ms without). See StatusIn.
        var single = statuses.Length == 1 ? statuses[0] : (RequestStatus?)null;
        var query = single is { } only
            ? db.Requests.AsNoTracking().Where(r => r.Status == only)
            : db.Requests.AsNoTracking().Where(StatusIn<PartnershipRequest>(r => r.Status, statuses));

        // The contributions carry copies of the request's status, time, sector, technology codes and preferred countries
        // (kept by triggers), so each filter applies to them directly: no join to the requests.
        var contributions = single is { } one
            ? db.RequestContributors.AsNoTracking().Where(x => x.OrganizationCode == organizationCode && x.RequestStatus == one)
            : db.RequestContributors.AsNoTracking().Where(x => x.OrganizationCode == organizationCode).Where(StatusIn<RequestContributor>(x => x.RequestStatus, statuses));

        if (sector is not null)
        {
            query = query.Where(r => r.SectorCode == sector);
            contributions = contributions.Where(x => x.RequestSectorCode == sector);
        }

        if (technology is not null)
        {
            // A top-level area means any of its leaves (and the area itself); array overlap (&&).
            var codes = options.Technologies.Where(x => x.Code == technology || x.ParentCode == technology).Select(x => x.Code).ToArray();
            query = query.Where(r => r.TechnologyCodes.Any(x => codes.Contains(x)));
            contributions = contributions.Where(x => x.RequestTechnologyCodes.Any(t => codes.Contains(t)));
        }

        if (country is not null)
        {
            var countries = new[] { country };
            query = query.Where(r => r.PreferredCountries.Any(x => countries.Contains(x)));
            contributions = contributions.Where(x => x.RequestPreferredCountries.Any(t => countries.Contains(t)));
        }

        if (minDays is { } min)
        {
            // Waiting ≥ n business days ⇔ in the status since before the n-th business day back from today (KST).
            var before = KoreanBusinessDays.StartOfDayKst(KoreanBusinessDays.NthBusinessDayBack(KoreaTime.Today(clock), min));
            query = query.Where(r => r.StatusChangedAt < before);
            contributions = contributions.Where(x => x.RequestStatusChangedAt < before);
        }

        // The institute's requests: those it leads, those it contributes to, or either. Each set is read in its own index
        // order (time in the status, then id) and cut to what the page needs: the led ones from partnership_requests, the
        // contributed ones from request_contributors (their copies filtered in the index), and only the page's requests
        // are then read in full. "Either" is the two sets one after the other (UNION ALL; disjoint: an institute never
        // contributes to what it leads), then merged.
        var led = query.Where(r => r.LeadOrganizationCode == organizationCode);
        var top = Math.Clamp(filter.Page, 1, MaxPage) * pageSize + 1;
        IQueryable<Guid> counted;
        IQueryable<QueueData> rows;
        switch (filter.Role)
        {
            case QueueRole.Lead:
                counted = led.Select(r => r.Id);
                rows = Ordered(Listed(led));
                break;
            case QueueRole.Contributor:
                counted = contributions.Select(x => x.RequestId);
                rows = Ordered(ListedContributions(contributions, top));
                break;
            default:
                counted = led.Select(r => r.Id).Concat(contributions.Select(x => x.RequestId));
                rows = Ordered(Ordered(Listed(led)).Take(top).Concat(Ordered(ListedContributions(contributions, top))));
                break;
        }

        var read = filter.Role == QueueRole.All
            ? await db.ReadRowsFirstAsync(counted, rows, filter.Page, pageSize, MaxPage, viewerId, cancellationToken)
            : await db.ReadAsync(counted, rows, filter.Page, pageSize, MaxPage, viewerId, cancellationToken);

        var now = clock.GetUtcNow();
        var queueRows = read.Rows.Select(r =>
        {
            var waiting = KoreanBusinessDays.Between(r.StatusChangedAt, now);
            return new QueueRow(r.Id, r.ReferenceNumber, r.Title, r.CompanyNameKo, r.CompanyNameEn, r.Status,
                r.SectorCode is null ? null : reference.Sector(r.SectorCode),
                r.LeadOrganizationCode == organizationCode,
                r.LeadOrganizationCode is null ? null : reference.Organization(r.LeadOrganizationCode),
                r.IsConvergence,
                [.. r.TechnologyCodes.Select(reference.Technology)],
                [.. r.PreferredCountries.Select(reference.Country)],
                r.SubmittedAt, r.StatusChangedAt, waiting, IsOverdue(r.Status, waiting));
        }).ToList();
        return new CoordinatorQueue(applied with { Page = read.Page }, options, queueRows, read.Total, read.Page, read.PageCount, read.TotalIsCapped, read.HasNext,
            read.UnreadNotifications);
    }

    /// <summary>
    /// The statuses as constants of the query (<c>status IN ('Submitted', …)</c>), not as a parameter: a few distinct sets
    /// (the open statuses, all of them), each compiled once, each letting PostgreSQL prove the partial indexes' predicate
    /// in the generic plan of the prepared statement too.
    /// </summary>
    private static Expression<Func<T, bool>> StatusIn<T>(Expression<Func<T, RequestStatus>> status, IReadOnlyList<RequestStatus> statuses) =>
        Expression.Lambda<Func<T, bool>>(
            statuses.Distinct().Order().Select(s => (Expression)Expression.Equal(status.Body, Expression.Constant(s))).Aggregate(Expression.OrElse),
            status.Parameters);

    /// <summary>Oldest waiting first (time in the current status), then by id: the queue's order.</summary>
    private static IQueryable<QueueData> Ordered(IQueryable<QueueData> rows) => rows.OrderBy(r => r.StatusChangedAt).ThenBy(r => r.Id);

    /// <summary>What a queue row needs of a request and its company (properties, not a constructor: EF orders by them).</summary>
    private sealed class QueueData
    {
        public Guid Id { get; init; }

        public string? ReferenceNumber { get; init; }

        public string Title { get; init; } = "";

        public string CompanyNameKo { get; init; } = "";

        public string? CompanyNameEn { get; init; }

        public RequestStatus Status { get; init; }

        public string? SectorCode { get; init; }

        public string? LeadOrganizationCode { get; init; }

        public bool IsConvergence { get; init; }

        public List<string> TechnologyCodes { get; init; } = [];

        public List<string> PreferredCountries { get; init; } = [];

        public DateTimeOffset? SubmittedAt { get; init; }

        public DateTimeOffset StatusChangedAt { get; init; }
    }

    private IQueryable<QueueData> Listed(IQueryable<PartnershipRequest> requests) =>
        from r in requests
        join company in db.Companies on r.CompanyId equals company.Id
        select new QueueData
        {
            Id = r.Id,
            ReferenceNumber = r.ReferenceNumber,
            Title = r.Title,
            CompanyNameKo = company.NameKo,
            CompanyNameEn = company.NameEn,
            Status = r.Status,
            SectorCode = r.SectorCode,
            LeadOrganizationCode = r.LeadOrganizationCode,
            IsConvergence = r.IsConvergence,
            TechnologyCodes = r.TechnologyCodes,
            PreferredCountries = r.PreferredCountries,
            SubmittedAt = r.SubmittedAt,
            StatusChangedAt = r.StatusChangedAt,
        };

    /// <summary>
    /// The first <paramref name="top"/> contributions in the queue's order (read in the index, filters included), then
    /// their rows: only the page's requests and companies are read in full.
    /// </summary>
    private IQueryable<QueueData> ListedContributions(IQueryable<RequestContributor> contributions, int top)
    {
        var keys = contributions.OrderBy(x => x.RequestStatusChangedAt).ThenBy(x => x.RequestId).Take(top);
        return from k in keys
               join r in db.Requests.AsNoTracking() on k.RequestId equals r.Id
               join company in db.Companies on r.CompanyId equals company.Id
               select new QueueData
               {
                   Id = k.RequestId,
                   ReferenceNumber = r.ReferenceNumber,
                   Title = r.Title,
                   CompanyNameKo = company.NameKo,
                   CompanyNameEn = company.NameEn,
                   Status = r.Status,
                   SectorCode = r.SectorCode,
                   LeadOrganizationCode = r.LeadOrganizationCode,
                   IsConvergence = r.IsConvergence,
                   TechnologyCodes = r.TechnologyCodes,
                   PreferredCountries = r.PreferredCountries,
                   SubmittedAt = r.SubmittedAt,
                   StatusChangedAt = k.RequestStatusChangedAt,
               };
    }
}
