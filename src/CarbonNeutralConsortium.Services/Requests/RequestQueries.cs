using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>A code with its names (a country, an institute, a technology area...). Unknown codes show the code.</summary>
public sealed record NamedCode(string Code, string NameKo, string NameEn) : IBilingualName;

/// <summary>The company's request list: which statuses (null = all), a text over title and reference number, the page.</summary>
public sealed record RequestListFilter(IReadOnlyList<RequestStatus>? Statuses, string? Search, int Page);

public sealed record RequestListRow(Guid Id, string? ReferenceNumber, string Title, RequestStatus Status, string? LeadCode, string? LeadNameKo, string? LeadNameEn,
    DateTimeOffset UpdatedAt, DateOnly? Deadline);

/// <summary>
/// A page of the company's list. <paramref name="Total"/> counts at most <see cref="ListPaging.CountCap"/> requests
/// (<paramref name="TotalIsCapped"/> beyond); <paramref name="UnreadNotifications"/> is the viewer's, when given.
/// </summary>
public sealed record RequestListPage(IReadOnlyList<RequestListRow> Rows, int Total, int Page, int PageCount, bool TotalIsCapped = false, bool HasNext = false,
    int? UnreadNotifications = null);

/// <summary>An institute other than the lead, and the technology areas of the request that made it suggested.</summary>
public sealed record ContributorView(NamedCode Institute, ContributorOrigin Origin, IReadOnlyList<NamedCode> Technologies);

public sealed record AttachmentView(Guid Id, string FileName, long SizeBytes, AttachmentKind Kind, string UploadedByName, DateTimeOffset UploadedAt);

/// <summary>One transition: from, to, who (and for institute actors their institute), when, the note (a note code or free text).</summary>
/// <param name="Event">Set for an assignment (lead transferred, contributor added or removed) rather than a status change.</param>
/// <param name="EventDetail">The organization codes of the event ("KRICT>ETRI", "ETRI").</param>
public sealed record TimelineEntryView(RequestStatus? From, RequestStatus To, string ActorName, ActorSide ActorSide, NamedCode? ActorInstitute, DateTimeOffset At, string? Note,
    RequestEvent? Event = null, string? EventDetail = null);

public sealed record MessageView(Guid Id, string AuthorName, ActorSide AuthorSide, NamedCode? AuthorInstitute, string Body, DateTimeOffset CreatedAt,
    IReadOnlyList<AttachmentView> Attachments);

public sealed record MatchView(
    Guid Id,
    uint Version,
    MatchStatus Status,
    string PartnerName,
    string? PartnerNameKo,
    NamedCode Country,
    NamedCode PartnerType,
    string? Website,
    double Score,
    int? Rank,
    IReadOnlyList<MatchFactor> Factors,
    string? ProposalNote,
    NamedCode? ProposedBy,
    DateTimeOffset ProposedAt,
    SmeDeclineReason? DeclineReason,
    string? DeclineComment,
    DateOnly? MeetingHeldOn,
    AgreementKind? AgreementKind,
    NoDealReason? NoDealReason,
    string? OutcomeComment)
{
    /// <summary>The company may report how it went: accepted and not finished.</summary>
    public bool AwaitsOutcome => Status is MatchStatus.AcceptedBySme or MatchStatus.PartnerContacted or MatchStatus.PartnerAccepted or MatchStatus.MeetingHeld;
}

/// <summary>Everything the company sees on its request page.</summary>
public sealed class RequestDetailsView
{
    public required Guid Id { get; init; }

    public required uint Version { get; init; }

    public string? ReferenceNumber { get; init; }

    public required string Title { get; init; }

    public required RequestStatus Status { get; init; }

    public RequestOutcome? Outcome { get; init; }

    public string? PublicSummary { get; init; }

    public NamedCode? CooperationType { get; init; }

    public NamedCode? Sector { get; init; }

    public IReadOnlyList<NamedCode> Technologies { get; init; } = [];

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public int? TrlCurrent { get; init; }

    public int? TrlTarget { get; init; }

    public IReadOnlyList<NamedCode> PreferredCountries { get; init; } = [];

    public IReadOnlyList<NamedCode> ExcludedCountries { get; init; } = [];

    public IReadOnlyList<NamedCode> PartnerTypes { get; init; } = [];

    public DateOnly? DesiredStart { get; init; }

    public int? DurationMonths { get; init; }

    public DateOnly? Deadline { get; init; }

    public long? BudgetMinKrw { get; init; }

    public long? BudgetMaxKrw { get; init; }

    public string? ConfidentialDetails { get; init; }

    public string? ContactPersonName { get; init; }

    public bool ShareContactAbroad { get; init; }

    public NamedCode? Lead { get; init; }

    public bool IsConvergence { get; init; }

    public IReadOnlyList<ContributorView> Contributors { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }

    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];

    public IReadOnlyList<TimelineEntryView> Timeline { get; init; } = [];

    public IReadOnlyList<MessageView> Messages { get; init; } = [];

    public IReadOnlyList<MatchView> Matches { get; init; } = [];

    /// <summary>When the institute asked for information: its question (the note of the last move into NeedsInformation).</summary>
    public string? PendingQuestion { get; init; }

    public bool IsRouted => Lead is not null;

    public bool CanWriteMessage => Status != RequestStatus.Draft && !Status.IsTerminal();

    public bool CanEdit => Status.IsEditableByCompany();

    public bool CanWithdraw => !Status.IsTerminal();

    /// <summary>The viewer's unread notifications (for the layout's badge), read with the request; null without a viewer.</summary>
    public int? UnreadNotifications { get; init; }
}

/// <summary>
/// Read side of the company's requests: no tracking, projected, always scoped to the company. The list is one round
/// trip, the request page two (the request, then all its children at once); names of codes come from memory
/// (<see cref="ReferenceDataCache"/>) and the viewer's unread notifications ride along for the layout's badge.
/// </summary>
public sealed class RequestQueries(ConsortiumDbContext db, ReferenceDataCache referenceData)
{
    public const int PageSize = 20;
    public const int MaxPage = 10_000;
    public const int SearchMaxLength = 100;

    /// <summary>The most rows an export of the company's requests writes.</summary>
    public const int ExportRows = 10_000;

    /// <summary>One page of the company's requests, newest change first. One round trip.</summary>
    /// <param name="viewerId">The signed-in member: their unread notifications are counted in the same round trip.</param>
    /// <param name="pageSize">Rows a page (the exports read one page of <see cref="ExportRows"/>).</param>
    public async Task<RequestListPage> ListAsync(Guid companyId, RequestListFilter filter, CancellationToken cancellationToken, Guid? viewerId = null,
        int pageSize = PageSize)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Requests.AsNoTracking().Where(r => r.CompanyId == companyId);
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            var list = statuses.ToArray();
            query = query.Where(r => list.Contains(r.Status));
        }

        var search = filter.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            search = search.Length > SearchMaxLength ? search[..SearchMaxLength] : search;
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(r => EF.Functions.ILike(r.Title, pattern, "\\") || (r.ReferenceNumber != null && EF.Functions.ILike(r.ReferenceNumber, pattern, "\\")));
        }

        var read = await db.ReadAsync(
            query,
            from r in query
            join o in db.Organizations.AsNoTracking() on r.LeadOrganizationCode equals o.Code into leads
            from lead in leads.DefaultIfEmpty()
            orderby r.UpdatedAt descending, r.Id descending
            select new RequestListRow(r.Id, r.ReferenceNumber, r.Title, r.Status, r.LeadOrganizationCode, lead.NameKo, lead.NameEn, r.UpdatedAt, r.Deadline),
            filter.Page, pageSize, MaxPage, viewerId, cancellationToken);
        return new RequestListPage(read.Rows, read.Total, read.Page, read.PageCount, read.TotalIsCapped, read.HasNext, read.UnreadNotifications);
    }

    /// <summary>
    /// The request page of a company's request, or null when it is not one of the company's (a 404). Two round trips: the
    /// request with its contact person's name and the viewer's unread notifications; then its children, all at once
    /// (<see cref="RequestChildren"/>).
    /// </summary>
    public async Task<RequestDetailsView?> GetDetailsAsync(Guid requestId, Guid companyId, CancellationToken cancellationToken, Guid? viewerId = null)
    {
        var unread = NotificationQueries.UnreadOf(db, viewerId);
        var found = await db.Requests.AsNoTracking()
            .Where(r => r.Id == requestId && r.CompanyId == companyId)
            .Select(r => new
            {
                Request = r,
                ContactName = db.ContactPersons.Where(c => c.Id == r.ContactPersonId && c.CompanyId == companyId).Select(c => c.Name).FirstOrDefault(),
                Unread = unread.Take(NotificationQueries.BadgeCap).Count(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var request = found.Request;
        var children = await RequestChildren.ReadAsync(db, request.Id, withNotes: false, cancellationToken);
        var names = await referenceData.GetAsync(cancellationToken);
        NamedCode? Optional(Func<string, NamedCode> name, string? code) => string.IsNullOrEmpty(code) ? null : name(code);

        return new RequestDetailsView
        {
            Id = request.Id,
            Version = request.Version,
            ReferenceNumber = request.ReferenceNumber,
            Title = request.Title,
            Status = request.Status,
            Outcome = request.Outcome,
            PublicSummary = request.PublicSummary,
            CooperationType = Optional(names.CooperationType, request.CooperationTypeCode),
            Sector = Optional(names.Sector, request.SectorCode),
            Technologies = [.. request.TechnologyCodes.Select(names.Technology)],
            Keywords = request.Keywords,
            TrlCurrent = request.TrlCurrent,
            TrlTarget = request.TrlTarget,
            PreferredCountries = [.. request.PreferredCountries.Select(names.Country)],
            ExcludedCountries = [.. request.ExcludedCountries.Select(names.Country)],
            PartnerTypes = [.. request.PreferredPartnerTypes.Select(names.PartnerType)],
            DesiredStart = request.DesiredStart,
            DurationMonths = request.DurationMonths,
            Deadline = request.Deadline,
            BudgetMinKrw = request.BudgetMinKrw,
            BudgetMaxKrw = request.BudgetMaxKrw,
            ConfidentialDetails = request.ConfidentialDetails,
            ContactPersonName = request.ContactPersonId is null ? null : found.ContactName,
            ShareContactAbroad = request.ShareContactAbroad,
            Lead = Optional(names.Organization, request.LeadOrganizationCode),
            IsConvergence = request.IsConvergence,
            Contributors = [.. children.Contributors.OrderBy(c => c.OrganizationCode, StringComparer.Ordinal)
                .Select(c => new ContributorView(names.Organization(c.OrganizationCode), c.Origin, [.. c.TechnologyCodes.Select(names.Technology)]))],
            CreatedAt = request.CreatedAt,
            UpdatedAt = request.UpdatedAt,
            SubmittedAt = request.SubmittedAt,
            Attachments = children.RequestAttachments(),
            Timeline = [.. children.History.Select(h => new TimelineEntryView(h.From, h.To, h.ActorName, h.ActorSide,
                h.ActorSide == ActorSide.Institute ? Optional(names.Organization, h.ActorOrganizationCode) : null, h.At,
                // An assignment's note is between the institutes: the company sees that it happened, not why.
                h.Event is null ? h.Note : null, h.Event, h.EventDetail))],
            Messages = [.. children.Messages.Select(m => new MessageView(m.Id, m.AuthorName, m.AuthorSide,
                m.AuthorSide == ActorSide.Institute ? Optional(names.Organization, m.AuthorOrganizationCode) : null, m.Body, m.CreatedAt,
                children.AttachmentsOf(m.Id)))],
            Matches = [.. children.Matches
                .OrderBy(x => x.Rank ?? int.MaxValue).ThenByDescending(x => x.Score).ThenBy(x => x.ProposedAt).ThenBy(x => x.Id)
                .Select(x => new MatchView(x.Id, x.Version, x.Status, x.PartnerName, x.PartnerNameKo, names.Country(x.CountryCode),
                    names.PartnerType(x.PartnerTypeCode), x.Website, x.Score, x.Rank, x.ReadFactors(), x.ProposalNote,
                    Optional(names.Organization, x.ProposedByOrganizationCode), x.ProposedAt, x.SmeDeclineReason, x.DeclineComment,
                    x.MeetingHeldOn, x.AgreementKind, x.NoDealReason, x.OutcomeComment))],
            PendingQuestion = request.Status == RequestStatus.NeedsInformation
                ? children.History.LastOrDefault(h => h.To == RequestStatus.NeedsInformation)?.Note
                : null,
            UnreadNotifications = viewerId is null ? null : found.Unread,
        };
    }
}
