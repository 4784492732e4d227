using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>A code with its names (a country, an institute, a technology area...). Unknown codes show the code.</summary>
public sealed record NamedCode(string Code, string NameKo, string NameEn) : IBilingualName;

/// <summary>The company's request list: which statuses (null = all), a text over title and reference number, the page.</summary>
public sealed record RequestListFilter(IReadOnlyList<RequestStatus>? Statuses, string? Search, int Page);

public sealed record RequestListRow(Guid Id, string? ReferenceNumber, string Title, RequestStatus Status, string? LeadCode, string? LeadNameKo, string? LeadNameEn,
    DateTimeOffset UpdatedAt, DateOnly? Deadline);

public sealed record RequestListPage(IReadOnlyList<RequestListRow> Rows, int Total, int Page, int PageCount);

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
}

/// <summary>Read side of the company's requests: no tracking, projected, a few queries a page. Always scoped to the company.</summary>
public sealed class RequestQueries(ConsortiumDbContext db)
{
    public const int PageSize = 20;
    public const int MaxPage = 10_000;
    public const int SearchMaxLength = 100;

    public async Task<RequestListPage> ListAsync(Guid companyId, RequestListFilter filter, CancellationToken cancellationToken)
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

        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, Math.Min(pageCount, MaxPage));
        var rows = total == 0
            ? []
            : await (
                from r in query
                join o in db.Organizations.AsNoTracking() on r.LeadOrganizationCode equals o.Code into leads
                from lead in leads.DefaultIfEmpty()
                orderby r.UpdatedAt descending, r.Id descending
                select new RequestListRow(r.Id, r.ReferenceNumber, r.Title, r.Status, r.LeadOrganizationCode, lead.NameKo, lead.NameEn, r.UpdatedAt, r.Deadline))
                .Skip((page - 1) * PageSize).Take(PageSize)
                .ToListAsync(cancellationToken);
        return new RequestListPage(rows, total, page, pageCount);
    }

    /// <summary>The request page of a company's request, or null when it is not one of the company's (a 404).</summary>
    public async Task<RequestDetailsView?> GetDetailsAsync(Guid requestId, Guid companyId, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking()
            .Where(r => r.Id == requestId && r.CompanyId == companyId)
            .Include(r => r.Contributors)
            .Include(r => r.History)
            .AsSingleQuery()
            .FirstOrDefaultAsync(cancellationToken);
        if (request is null)
        {
            return null;
        }

        var contactName = request.ContactPersonId is { } contactId
            ? await db.ContactPersons.AsNoTracking().Where(c => c.Id == contactId && c.CompanyId == companyId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var attachments = await db.RequestAttachments.AsNoTracking()
            .Where(a => a.RequestId == request.Id)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .Select(a => new { a.MessageId, View = new AttachmentView(a.Id, a.FileName, a.SizeBytes, a.Kind, a.UploadedByName, a.UploadedAt) })
            .ToListAsync(cancellationToken);
        var messages = await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == request.Id)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var matches = await (
                from m in db.Matches.AsNoTracking()
                join p in db.OverseasPartners.AsNoTracking() on m.PartnerId equals p.Id
                where m.RequestId == request.Id
                orderby m.Rank ?? int.MaxValue, m.Score descending, m.ProposedAt
                select new { Match = m, p.Name, p.NameKo, p.CountryCode, p.PartnerTypeCode, p.Website })
            .ToListAsync(cancellationToken);

        var names = await NamesAsync(
            organizations: [.. new[] { request.LeadOrganizationCode }.Concat(request.Contributors.Select(c => c.OrganizationCode))
                .Concat(request.History.Select(h => h.ActorOrganizationCode)).Concat(messages.Select(m => m.AuthorOrganizationCode))
                .Concat(matches.Select(m => m.Match.ProposedByOrganizationCode)).OfType<string>()],
            sectors: [.. new[] { request.SectorCode }.OfType<string>()],
            technologies: [.. request.TechnologyCodes.Concat(request.Contributors.SelectMany(c => c.TechnologyCodes))],
            countries: [.. request.PreferredCountries.Concat(request.ExcludedCountries).Concat(matches.Select(m => m.CountryCode))],
            partnerTypes: [.. request.PreferredPartnerTypes.Concat(matches.Select(m => m.PartnerTypeCode))],
            cooperationTypes: [.. new[] { request.CooperationTypeCode }.OfType<string>()],
            cancellationToken);

        NamedCode Name(string kind, string code) => names.TryGetValue((kind, code), out var found) ? found : new NamedCode(code, code, code);
        NamedCode? Optional(string kind, string? code) => string.IsNullOrEmpty(code) ? null : Name(kind, code);

        var history = request.History.OrderBy(h => h.At).ThenBy(h => h.Id).ToList();
        return new RequestDetailsView
        {
            Id = request.Id,
            Version = request.Version,
            ReferenceNumber = request.ReferenceNumber,
            Title = request.Title,
            Status = request.Status,
            Outcome = request.Outcome,
            PublicSummary = request.PublicSummary,
            CooperationType = Optional(Kinds.CooperationType, request.CooperationTypeCode),
            Sector = Optional(Kinds.Sector, request.SectorCode),
            Technologies = [.. request.TechnologyCodes.Select(c => Name(Kinds.Technology, c))],
            Keywords = request.Keywords,
            TrlCurrent = request.TrlCurrent,
            TrlTarget = request.TrlTarget,
            PreferredCountries = [.. request.PreferredCountries.Select(c => Name(Kinds.Country, c))],
            ExcludedCountries = [.. request.ExcludedCountries.Select(c => Name(Kinds.Country, c))],
            PartnerTypes = [.. request.PreferredPartnerTypes.Select(c => Name(Kinds.PartnerType, c))],
            DesiredStart = request.DesiredStart,
            DurationMonths = request.DurationMonths,
            Deadline = request.Deadline,
            BudgetMinKrw = request.BudgetMinKrw,
            BudgetMaxKrw = request.BudgetMaxKrw,
            ConfidentialDetails = request.ConfidentialDetails,
            ContactPersonName = contactName,
            ShareContactAbroad = request.ShareContactAbroad,
            Lead = Optional(Kinds.Organization, request.LeadOrganizationCode),
            IsConvergence = request.IsConvergence,
            Contributors = [.. request.Contributors.OrderBy(c => c.OrganizationCode, StringComparer.Ordinal)
                .Select(c => new ContributorView(Name(Kinds.Organization, c.OrganizationCode), c.Origin, [.. c.TechnologyCodes.Select(t => Name(Kinds.Technology, t))]))],
            CreatedAt = request.CreatedAt,
            UpdatedAt = request.UpdatedAt,
            SubmittedAt = request.SubmittedAt,
            Attachments = [.. attachments.Where(a => a.MessageId is null).Select(a => a.View)],
            Timeline = [.. history.Select(h => new TimelineEntryView(h.From, h.To, h.ActorName, h.ActorSide,
                h.ActorSide == ActorSide.Institute ? Optional(Kinds.Organization, h.ActorOrganizationCode) : null, h.At,
                // An assignment's note is between the institutes: the company sees that it happened, not why.
                h.Event is null ? h.Note : null, h.Event, h.EventDetail))],
            Messages = [.. messages.Select(m => new MessageView(m.Id, m.AuthorName, m.AuthorSide,
                m.AuthorSide == ActorSide.Institute ? Optional(Kinds.Organization, m.AuthorOrganizationCode) : null, m.Body, m.CreatedAt,
                [.. attachments.Where(a => a.MessageId == m.Id).Select(a => a.View)]))],
            Matches = [.. matches.Select(x => new MatchView(x.Match.Id, x.Match.Version, x.Match.Status, x.Name, x.NameKo, Name(Kinds.Country, x.CountryCode),
                Name(Kinds.PartnerType, x.PartnerTypeCode), x.Website, x.Match.Score, x.Match.Rank, x.Match.Factors, x.Match.ProposalNote,
                Optional(Kinds.Organization, x.Match.ProposedByOrganizationCode), x.Match.ProposedAt, x.Match.SmeDeclineReason, x.Match.DeclineComment,
                x.Match.MeetingHeldOn, x.Match.AgreementKind, x.Match.NoDealReason, x.Match.OutcomeComment))],
            PendingQuestion = request.Status == RequestStatus.NeedsInformation
                ? history.LastOrDefault(h => h.To == RequestStatus.NeedsInformation)?.Note
                : null,
        };
    }

    private static class Kinds
    {
        public const string Organization = "O";
        public const string Sector = "S";
        public const string Technology = "T";
        public const string Country = "C";
        public const string PartnerType = "P";
        public const string CooperationType = "K";
    }

    /// <summary>The names of every code the page shows, in one round trip (UNION ALL over the reference tables).</summary>
    private async Task<Dictionary<(string Kind, string Code), NamedCode>> NamesAsync(string[] organizations, string[] sectors, string[] technologies, string[] countries,
        string[] partnerTypes, string[] cooperationTypes, CancellationToken cancellationToken)
    {
        var rows = await db.Organizations.AsNoTracking().Where(o => organizations.Contains(o.Code)).Select(o => new { Kind = Kinds.Organization, o.Code, o.NameKo, o.NameEn })
            .Concat(db.Sectors.AsNoTracking().Where(s => sectors.Contains(s.Code)).Select(s => new { Kind = Kinds.Sector, s.Code, s.NameKo, s.NameEn }))
            .Concat(db.TechnologyAreas.AsNoTracking().Where(t => technologies.Contains(t.Code)).Select(t => new { Kind = Kinds.Technology, t.Code, t.NameKo, t.NameEn }))
            .Concat(db.Countries.AsNoTracking().Where(c => countries.Contains(c.Code)).Select(c => new { Kind = Kinds.Country, c.Code, c.NameKo, c.NameEn }))
            .Concat(db.PartnerTypes.AsNoTracking().Where(p => partnerTypes.Contains(p.Code)).Select(p => new { Kind = Kinds.PartnerType, p.Code, p.NameKo, p.NameEn }))
            .Concat(db.CooperationTypes.AsNoTracking().Where(k => cooperationTypes.Contains(k.Code)).Select(k => new { Kind = Kinds.CooperationType, k.Code, k.NameKo, k.NameEn }))
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.Kind, r.Code), r => new NamedCode(r.Code, r.NameKo, r.NameEn));
    }
}
