using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Partners;

public enum PartnerStatusFilter
{
    Active,
    Inactive,
    All,
}

/// <summary>
/// Registry filters: a text (name, Korean name, or every search term of it), a country, a partner type, a technology (a
/// leaf, or a top-level area meaning any of its leaves), a linked institute, active/inactive/all, the page.
/// </summary>
public sealed record PartnerListFilter(
    string? Search = null,
    string? Country = null,
    string? PartnerType = null,
    string? Technology = null,
    string? Institute = null,
    PartnerStatusFilter Status = PartnerStatusFilter.Active,
    int Page = 1);

public sealed record PartnerListRow(
    Guid Id,
    string ExternalId,
    string Name,
    string? NameKo,
    NamedCode Country,
    NamedCode PartnerType,
    IReadOnlyList<NamedCode> Technologies,
    IReadOnlyList<NamedCode> LinkedInstitutes,
    bool IsActive);

/// <summary>
/// A page of the registry. <paramref name="Total"/> counts at most <see cref="ListPaging.CountCap"/> partners
/// (<paramref name="TotalIsCapped"/> beyond: "1,000+"); <paramref name="UnreadNotifications"/> is the viewer's, when given.
/// </summary>
public sealed record PartnerListPage(IReadOnlyList<PartnerListRow> Rows, int Total, int Page, int PageCount, bool TotalIsCapped = false, bool HasNext = false,
    int? UnreadNotifications = null);

/// <summary>A match of the partner, on a request the viewer may see.</summary>
public sealed record PartnerMatchView(Guid MatchId, Guid RequestId, string? RequestReference, string RequestTitle, RequestStatus RequestStatus, MatchStatus Status,
    double Score, DateTimeOffset ProposedAt);

public sealed class PartnerDetailsView
{
    public required Guid Id { get; init; }

    public required uint Version { get; init; }

    public required OverseasPartnerData Data { get; init; }

    public required NamedCode Country { get; init; }

    public required NamedCode PartnerType { get; init; }

    public IReadOnlyList<NamedCode> Technologies { get; init; } = [];

    public IReadOnlyList<NamedCode> CooperationTypes { get; init; } = [];

    public IReadOnlyList<NamedCode> LinkedInstitutes { get; init; } = [];

    public NamedCode? Owner { get; init; }

    public bool IsActive { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the viewer may edit, deactivate and reactivate it (<see cref="PartnerService.CanManage"/>).</summary>
    public bool CanManage { get; init; }

    public IReadOnlyList<PartnerMatchView> Matches { get; init; } = [];

    /// <summary>The viewer's unread notifications (for the layout's badge), read with the partner; null without a viewer id.</summary>
    public int? UnreadNotifications { get; init; }
}

/// <summary>
/// Read side of the partner registry: no tracking, projected, one round trip a page (the reference data comes from
/// memory, see <see cref="ReferenceDataCache"/>; the viewer's unread notifications ride along for the layout's badge).
/// </summary>
public sealed class PartnerQueries(ConsortiumDbContext db, ReferenceDataCache referenceData)
{
    public const int PageSize = 25;
    public const int MaxPage = 4_000;
    public const int SearchMaxLength = 100;
    public const int ExportBatchSize = 1_000;

    /// <summary>The registry's reference data, from memory (read from the database once, refreshed in the background).</summary>
    public async Task<PartnerReference> GetReferenceAsync(CancellationToken cancellationToken) => (await referenceData.GetAsync(cancellationToken)).Partners;

    /// <summary>One page of the filtered registry, sorted by name; the total counted up to <see cref="ListPaging.CountCap"/>. One round trip.</summary>
    /// <param name="viewerId">The signed-in user: their unread notifications are counted in the same round trip.</param>
    public async Task<PartnerListPage> ListAsync(PartnerListFilter filter, PartnerReference reference, CancellationToken cancellationToken, Guid? viewerId = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reference);
        var query = Filtered(filter, reference);
        var read = await db.ReadAsync(
            query,
            query.OrderBy(p => p.Name).ThenBy(p => p.Id)
                .Select(p => new { p.Id, p.ExternalId, p.Name, p.NameKo, p.CountryCode, p.PartnerTypeCode, p.TechnologyCodes, p.LinkedInstitutes, p.IsActive }),
            filter.Page, PageSize, MaxPage, viewerId, cancellationToken);
        return new PartnerListPage(
            [.. read.Rows.Select(p => new PartnerListRow(p.Id, p.ExternalId, p.Name, p.NameKo, reference.Country(p.CountryCode), reference.PartnerType(p.PartnerTypeCode),
                [.. p.TechnologyCodes.Select(reference.TechnologyArea)], [.. p.LinkedInstitutes.Select(reference.Organization)], p.IsActive))],
            read.Total, read.Page, read.PageCount, read.TotalIsCapped, read.HasNext, read.UnreadNotifications);
    }

    /// <summary>
    /// The filtered partners as CSV rows, in batches of <see cref="ExportBatchSize"/> read without tracking and keyset-paged
    /// by id, so a registry of any size streams in constant memory.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<OverseasPartnerData>> ExportBatchesAsync(PartnerListFilter filter, PartnerReference reference,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reference);
        var query = Filtered(filter, reference);
        Guid? last = null;
        while (true)
        {
            var after = last;
            var batch = await (after is { } id ? query.Where(p => p.Id.CompareTo(id) > 0) : query)
                .OrderBy(p => p.Id)
                .Take(ExportBatchSize)
                .Select(p => new
                {
                    p.Id,
                    Data = new OverseasPartnerData(p.ExternalId, p.Name, p.NameKo, p.CountryCode, p.PartnerTypeCode, p.TechnologyCodes, p.CooperationTypes,
                        p.TrlMin, p.TrlMax, p.Keywords, p.Description, p.Website, p.ContactEmail, p.LinkedInstitutes),
                })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            yield return [.. batch.Select(b => b.Data)];
            if (batch.Count < ExportBatchSize)
            {
                yield break;
            }

            last = batch[^1].Id;
        }
    }

    /// <summary>How many of the partner's matches its page lists (newest first).</summary>
    public const int MatchesShown = 200;

    /// <summary>
    /// The partner page, or null when there is no such partner. Its matches are those of requests the viewer may see:
    /// a coordinator those where the institute is lead or contributor; an admin all (the newest
    /// <see cref="MatchesShown"/>). One round trip: the partner, its matches (a LATERAL subquery with its LIMIT) and the
    /// viewer's unread notifications.
    /// </summary>
    public async Task<PartnerDetailsView?> GetDetailsAsync(Guid id, Actor viewer, PartnerReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(reference);
        var requests = db.Requests.AsNoTracking();
        if (viewer.Side != ActorSide.Agency)
        {
            var organization = viewer.OrganizationCode ?? "";
            requests = requests.Where(r => r.LeadOrganizationCode == organization || r.Contributors.Any(c => c.OrganizationCode == organization));
        }

        // The collection filters on the parameter (not on the row), so that EF makes it a LATERAL join with the LIMIT inside.
        var matches = (
                from m in db.Matches.AsNoTracking()
                join r in requests on m.RequestId equals r.Id
                where m.PartnerId == id
                orderby m.ProposedAt descending, m.Id
                select new PartnerMatchView(m.Id, r.Id, r.ReferenceNumber, r.Title, r.Status, m.Status, m.Score, m.ProposedAt))
            .Take(MatchesShown);
        var unread = NotificationQueries.UnreadOf(db, viewer.UserId);
        var found = await db.OverseasPartners.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new { Partner = p, Matches = matches.ToList(), Unread = unread.Take(NotificationQueries.BadgeCap).Count() })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var partner = found.Partner;
        return new PartnerDetailsView
        {
            Id = partner.Id,
            Version = partner.Version,
            Data = partner.ToData(),
            Country = reference.Country(partner.CountryCode),
            PartnerType = reference.PartnerType(partner.PartnerTypeCode),
            Technologies = [.. partner.TechnologyCodes.Select(reference.TechnologyArea)],
            CooperationTypes = [.. partner.CooperationTypes.Select(reference.CooperationType)],
            LinkedInstitutes = [.. partner.LinkedInstitutes.Select(reference.Organization)],
            Owner = partner.OwnerOrganizationCode is { } owner ? reference.Organization(owner) : null,
            IsActive = partner.IsActive,
            CreatedAt = partner.CreatedAt,
            UpdatedAt = partner.UpdatedAt,
            CanManage = PartnerService.CanManage(viewer, partner.OwnerOrganizationCode),
            Matches = found.Matches,
            UnreadNotifications = viewer.UserId is null ? null : found.Unread,
        };
    }

    private IQueryable<OverseasPartner> Filtered(PartnerListFilter filter, PartnerReference reference)
    {
        var query = db.OverseasPartners.AsNoTracking();
        query = filter.Status switch
        {
            PartnerStatusFilter.Active => query.Where(p => p.IsActive),
            PartnerStatusFilter.Inactive => query.Where(p => !p.IsActive),
            _ => query,
        };

        var search = filter.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            search = search.Length > SearchMaxLength ? search[..SearchMaxLength] : search;
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            var terms = TextTerms.Extract(search).ToArray();
            query = terms.Length == 0
                ? query.Where(p => EF.Functions.ILike(p.Name, pattern, "\\") || (p.NameKo != null && EF.Functions.ILike(p.NameKo, pattern, "\\")))
                : query.Where(p => EF.Functions.ILike(p.Name, pattern, "\\") || (p.NameKo != null && EF.Functions.ILike(p.NameKo, pattern, "\\"))
                    || terms.All(t => p.SearchTerms.Contains(t)));
        }

        if (!string.IsNullOrEmpty(filter.Country))
        {
            var country = filter.Country;
            query = query.Where(p => p.CountryCode == country);
        }

        if (!string.IsNullOrEmpty(filter.PartnerType))
        {
            var type = filter.PartnerType;
            query = query.Where(p => p.PartnerTypeCode == type);
        }

        if (!string.IsNullOrEmpty(filter.Technology))
        {
            // Overlap (&&) with the leaves: served by the GIN index on technology_codes. An unknown code matches nothing.
            var leaves = reference.LeavesOf(filter.Technology).ToArray();
            query = leaves.Length == 0 ? query.Where(p => false) : query.Where(p => leaves.Any(l => p.TechnologyCodes.Contains(l)));
        }

        if (!string.IsNullOrEmpty(filter.Institute))
        {
            var institutes = new[] { filter.Institute };
            query = query.Where(p => institutes.Any(i => p.LinkedInstitutes.Contains(i)));
        }

        return query;
    }
}
