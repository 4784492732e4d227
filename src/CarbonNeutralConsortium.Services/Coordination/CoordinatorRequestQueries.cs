using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Coordination;

/// <summary>The company behind a request, as its institutes see it.</summary>
public sealed record CompanyBasicsView(Guid Id, string NameKo, string? NameEn, string BusinessRegistrationNumber, CompanySize Size, NamedCode? Sector,
    string? RegionCode, int? Employees, int? FoundedYear, string? Website, string? Description);

/// <summary>The request's contact person. <paramref name="MayShareAbroad"/>: the company chose to share and the person's transfer consent stands.</summary>
public sealed record ContactView(string Name, string? Department, string? Position, string Email, string? Phone, bool TransferConsented, bool MayShareAbroad,
    bool Removed);

/// <summary>A note the institutes keep for each other on a request.</summary>
public sealed record InternalNoteView(Guid Id, string AuthorName, NamedCode Institute, string Text, DateTimeOffset CreatedAt);

/// <summary>A partner proposed for the request (the match page is /Coordination/Match/{Id}).</summary>
public sealed record ProposedMatchView(Guid Id, string PartnerName, string? PartnerNameKo, NamedCode Country, double Score, MatchStatus Status, DateTimeOffset ProposedAt,
    NamedCode? ProposedBy);

/// <summary>What the coordinator may do now, by status and by whether the institute leads the request.</summary>
public sealed record ReviewActions(bool StartReview, bool AcceptIntoMatching, bool ReturnForInformation, bool Decline, bool Assign, bool Message, bool OpenMatching);

/// <summary>Everything a coordinator of the lead or a contributing institute sees when reviewing a request.</summary>
public sealed class CoordinatorRequestView
{
    /// <summary>The request's fields, attachments, timeline (assignment notes included), messages (the SME's view types, reused).</summary>
    public required RequestDetailsView Request { get; init; }

    public required CompanyBasicsView Company { get; init; }

    public ContactView? Contact { get; init; }

    /// <summary>The coordinator's institute leads the request (else it contributes).</summary>
    public required bool IsLead { get; init; }

    public required NamedCode Institute { get; init; }

    public IReadOnlyList<InternalNoteView> InternalNotes { get; init; } = [];

    public IReadOnlyList<ProposedMatchView> Matches { get; init; } = [];

    /// <summary>Institutes the lead may transfer to: every institute but the lead.</summary>
    public IReadOnlyList<NamedCode> TransferTargets { get; init; } = [];

    /// <summary>Institutes the lead may add as contributors: neither the lead nor a contributor already.</summary>
    public IReadOnlyList<NamedCode> ContributorCandidates { get; init; } = [];

    public required ReviewActions Actions { get; init; }

    public DateTimeOffset StatusChangedAt { get; init; }

    public int BusinessDaysWaiting { get; init; }

    public bool IsOverdue { get; init; }
}

/// <summary>
/// The review view of one request for a coordinator of its lead or of a contributing institute; null for anyone else
/// (the page answers 404). Read-only, no tracking, projected.
/// </summary>
public sealed class CoordinatorRequestQueries(ConsortiumDbContext db, TimeProvider clock)
{
    public async Task<CoordinatorRequestView?> GetAsync(Guid requestId, string organizationCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationCode);
        var organization = organizationCode;

        // 1. The request, only if the institute is assigned (never a draft: a draft has no lead).
        var request = await db.Requests.AsNoTracking()
            .Where(r => r.Id == requestId && r.Status != RequestStatus.Draft
                && (r.LeadOrganizationCode == organization || r.Contributors.Any(c => c.OrganizationCode == organization)))
            .Include(r => r.Contributors)
            .Include(r => r.History)
            .AsSingleQuery()
            .FirstOrDefaultAsync(cancellationToken);
        if (request is null)
        {
            return null;
        }

        // 2. The company and the contact person (with the latest transfer consent) in one statement.
        var contactId = request.ContactPersonId;
        var company = await db.Companies.AsNoTracking()
            .Where(c => c.Id == request.CompanyId)
            .Select(c => new
            {
                View = new CompanyBasicsView(c.Id, c.NameKo, c.NameEn, c.BusinessRegistrationNumber, c.Size, null, c.RegionCode, c.Employees, c.FoundedYear, c.Website,
                    c.Description),
                c.SectorCode,
                Contact = db.ContactPersons.Where(p => p.Id == contactId && p.CompanyId == c.Id)
                    .Select(p => new
                    {
                        p.Name,
                        p.Department,
                        p.Position,
                        p.Email,
                        p.Phone,
                        p.RemovedAt,
                        Transfer = p.Consents.Where(k => k.Kind == ConsentKind.OverseasTransfer).OrderByDescending(k => k.RecordedAt).Select(k => (bool?)k.Granted)
                            .FirstOrDefault(),
                        Collection = p.Consents.Where(k => k.Kind == ConsentKind.Collection).OrderByDescending(k => k.RecordedAt).Select(k => (bool?)k.Granted)
                            .FirstOrDefault(),
                    })
                    .FirstOrDefault(),
            })
            .SingleAsync(cancellationToken);

        // 3–6. Attachments (of the request and of its messages), messages, internal notes, proposed matches.
        var attachments = await db.RequestAttachments.AsNoTracking()
            .Where(a => a.RequestId == request.Id)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .Select(a => new { a.MessageId, View = new AttachmentView(a.Id, a.FileName, a.SizeBytes, a.Kind, a.UploadedByName, a.UploadedAt) })
            .ToListAsync(cancellationToken);
        var messages = await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == request.Id)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var notes = await db.RequestInternalNotes.AsNoTracking()
            .Where(n => n.RequestId == request.Id)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .ToListAsync(cancellationToken);
        var matches = await (
                from m in db.Matches.AsNoTracking()
                join p in db.OverseasPartners.AsNoTracking() on m.PartnerId equals p.Id
                where m.RequestId == request.Id
                orderby m.ProposedAt, m.Id
                select new { m.Id, p.Name, p.NameKo, p.CountryCode, m.Score, m.Status, m.ProposedAt, m.ProposedByOrganizationCode })
            .ToListAsync(cancellationToken);

        // 7. The names of every code shown, and every organization (for the transfer and contributor choices).
        string[] sectors = [.. new[] { request.SectorCode, company.SectorCode }.OfType<string>()];
        string[] technologies = [.. request.TechnologyCodes.Concat(request.Contributors.SelectMany(c => c.TechnologyCodes))];
        string[] countries = [.. request.PreferredCountries.Concat(request.ExcludedCountries).Concat(matches.Select(m => m.CountryCode))];
        string[] partnerTypes = [.. request.PreferredPartnerTypes];
        string[] cooperationTypes = [.. new[] { request.CooperationTypeCode }.OfType<string>()];
        var rows = await db.Organizations.AsNoTracking().Select(o => new { Kind = "O", o.Code, o.NameKo, o.NameEn, IsInstitute = o.Kind == OrganizationKind.Institute, Sort = o.SortOrder })
            .Concat(db.Sectors.AsNoTracking().Where(s => sectors.Contains(s.Code)).Select(s => new { Kind = "S", s.Code, s.NameKo, s.NameEn, IsInstitute = false, Sort = 0 }))
            .Concat(db.TechnologyAreas.AsNoTracking().Where(t => technologies.Contains(t.Code)).Select(t => new { Kind = "T", t.Code, t.NameKo, t.NameEn, IsInstitute = false, Sort = 0 }))
            .Concat(db.Countries.AsNoTracking().Where(c => countries.Contains(c.Code)).Select(c => new { Kind = "C", c.Code, c.NameKo, c.NameEn, IsInstitute = false, Sort = 0 }))
            .Concat(db.PartnerTypes.AsNoTracking().Where(p => partnerTypes.Contains(p.Code)).Select(p => new { Kind = "P", p.Code, p.NameKo, p.NameEn, IsInstitute = false, Sort = 0 }))
            .Concat(db.CooperationTypes.AsNoTracking().Where(k => cooperationTypes.Contains(k.Code)).Select(k => new { Kind = "K", k.Code, k.NameKo, k.NameEn, IsInstitute = false, Sort = 0 }))
            .ToListAsync(cancellationToken);
        var names = rows.ToDictionary(r => (r.Kind, r.Code), r => new NamedCode(r.Code, r.NameKo, r.NameEn));
        NamedCode Name(string kind, string code) => names.TryGetValue((kind, code), out var found) ? found : new NamedCode(code, code, code);
        NamedCode? Optional(string kind, string? code) => string.IsNullOrEmpty(code) ? null : Name(kind, code);

        var history = request.History.OrderBy(h => h.At).ThenBy(h => h.Id).ToList();
        var details = new RequestDetailsView
        {
            Id = request.Id,
            Version = request.Version,
            ReferenceNumber = request.ReferenceNumber,
            Title = request.Title,
            Status = request.Status,
            Outcome = request.Outcome,
            PublicSummary = request.PublicSummary,
            CooperationType = Optional("K", request.CooperationTypeCode),
            Sector = Optional("S", request.SectorCode),
            Technologies = [.. request.TechnologyCodes.Select(c => Name("T", c))],
            Keywords = request.Keywords,
            TrlCurrent = request.TrlCurrent,
            TrlTarget = request.TrlTarget,
            PreferredCountries = [.. request.PreferredCountries.Select(c => Name("C", c))],
            ExcludedCountries = [.. request.ExcludedCountries.Select(c => Name("C", c))],
            PartnerTypes = [.. request.PreferredPartnerTypes.Select(c => Name("P", c))],
            DesiredStart = request.DesiredStart,
            DurationMonths = request.DurationMonths,
            Deadline = request.Deadline,
            BudgetMinKrw = request.BudgetMinKrw,
            BudgetMaxKrw = request.BudgetMaxKrw,
            ConfidentialDetails = request.ConfidentialDetails,
            ContactPersonName = company.Contact?.Name,
            ShareContactAbroad = request.ShareContactAbroad,
            Lead = Optional("O", request.LeadOrganizationCode),
            IsConvergence = request.IsConvergence,
            Contributors = [.. request.Contributors.OrderBy(c => c.OrganizationCode, StringComparer.Ordinal)
                .Select(c => new ContributorView(Name("O", c.OrganizationCode), c.Origin, [.. c.TechnologyCodes.Select(t => Name("T", t))]))],
            CreatedAt = request.CreatedAt,
            UpdatedAt = request.UpdatedAt,
            SubmittedAt = request.SubmittedAt,
            Attachments = [.. attachments.Where(a => a.MessageId is null).Select(a => a.View)],

            // The institutes see the notes of assignments too (the company's view hides them).
            Timeline = [.. history.Select(h => new TimelineEntryView(h.From, h.To, h.ActorName, h.ActorSide,
                h.ActorSide == ActorSide.Institute ? Optional("O", h.ActorOrganizationCode) : null, h.At, h.Note, h.Event, h.EventDetail))],
            Messages = [.. messages.Select(m => new MessageView(m.Id, m.AuthorName, m.AuthorSide,
                m.AuthorSide == ActorSide.Institute ? Optional("O", m.AuthorOrganizationCode) : null, m.Body, m.CreatedAt,
                [.. attachments.Where(a => a.MessageId == m.Id).Select(a => a.View)]))],
            PendingQuestion = request.Status == RequestStatus.NeedsInformation ? history.LastOrDefault(h => h.To == RequestStatus.NeedsInformation && h.Event is null)?.Note : null,
        };

        var isLead = request.LeadOrganizationCode == organization;
        var assignable = isLead && request.Status != RequestStatus.Draft && !request.Status.IsTerminal();
        var institutes = rows.Where(r => r.Kind == "O" && r.IsInstitute).OrderBy(r => r.Sort).Select(r => new NamedCode(r.Code, r.NameKo, r.NameEn)).ToList();
        var contact = company.Contact;
        var waiting = KoreanBusinessDays.Between(request.StatusChangedAt, clock.GetUtcNow());
        return new CoordinatorRequestView
        {
            Request = details,
            Company = company.View with { Sector = Optional("S", company.SectorCode) },
            Contact = contact is null
                ? null
                : new ContactView(contact.Name, contact.Department, contact.Position, contact.Email, contact.Phone,
                    contact.RemovedAt is null && contact.Collection == true && contact.Transfer == true,
                    request.ShareContactAbroad && contact.RemovedAt is null && contact.Collection == true && contact.Transfer == true,
                    contact.RemovedAt is not null),
            IsLead = isLead,
            Institute = Name("O", organization),
            InternalNotes = [.. notes.Select(n => new InternalNoteView(n.Id, n.AuthorName, Name("O", n.OrganizationCode), n.Text, n.CreatedAt))],
            Matches = [.. matches.Select(m => new ProposedMatchView(m.Id, m.Name, m.NameKo, Name("C", m.CountryCode), m.Score, m.Status, m.ProposedAt,
                Optional("O", m.ProposedByOrganizationCode)))],
            TransferTargets = assignable ? [.. institutes.Where(i => i.Code != request.LeadOrganizationCode)] : [],
            ContributorCandidates = assignable
                ? [.. institutes.Where(i => i.Code != request.LeadOrganizationCode && request.Contributors.All(c => c.OrganizationCode != i.Code))]
                : [],
            Actions = new ReviewActions(
                StartReview: request.CanTransitionTo(RequestStatus.InReview),
                AcceptIntoMatching: request.Status == RequestStatus.InReview,
                ReturnForInformation: request.CanTransitionTo(RequestStatus.NeedsInformation),
                Decline: request.CanTransitionTo(RequestStatus.Declined),
                Assign: assignable,
                Message: request.Status != RequestStatus.Draft && !request.Status.IsTerminal(),
                OpenMatching: request.Status is RequestStatus.Matching or RequestStatus.PartnersProposed or RequestStatus.Connected),
            StatusChangedAt = request.StatusChangedAt,
            BusinessDaysWaiting = waiting,
            IsOverdue = CoordinatorQueueQueries.IsOverdue(request.Status, waiting),
        };
    }
}
