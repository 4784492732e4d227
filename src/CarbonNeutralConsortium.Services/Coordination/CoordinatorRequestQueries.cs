using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.ReferenceData;
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

    /// <summary>The viewer's unread notifications (for the layout's badge), read with the request; null without a viewer.</summary>
    public int? UnreadNotifications { get; init; }
}

/// <summary>
/// The review view of one request for a coordinator of its lead or of a contributing institute; null for anyone else
/// (the page answers 404). Read-only, no tracking, projected, two round trips: the request with its company, contact
/// person (and the latest consents) and the viewer's unread notifications; then all its children at once
/// (<see cref="RequestChildren"/>). Names of codes come from memory (<see cref="ReferenceDataCache"/>).
/// </summary>
public sealed class CoordinatorRequestQueries(ConsortiumDbContext db, ReferenceDataCache referenceData, TimeProvider clock)
{
    /// <param name="viewerId">The signed-in coordinator: their unread notifications are counted with the request.</param>
    public async Task<CoordinatorRequestView?> GetAsync(Guid requestId, string organizationCode, CancellationToken cancellationToken, Guid? viewerId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationCode);
        var organization = organizationCode;

        // 1. The request, only if the institute is assigned (never a draft: a draft has no lead), with its company and contact.
        var unread = NotificationQueries.UnreadOf(db, viewerId);
        // Joins, not row subqueries: EF turns a subquery's First() of several columns into a ROW_NUMBER() over the whole table.
        var found = await (
                from r in db.Requests.AsNoTracking()
                join c in db.Companies.AsNoTracking() on r.CompanyId equals c.Id
                join p in db.ContactPersons.AsNoTracking() on new { Id = r.ContactPersonId, r.CompanyId } equals new { Id = (Guid?)p.Id, p.CompanyId } into contacts
                from p in contacts.DefaultIfEmpty()
                where r.Id == requestId && r.Status != RequestStatus.Draft
                    && (r.LeadOrganizationCode == organization || r.Contributors.Any(x => x.OrganizationCode == organization))
                select new
                {
                    Request = r,
                    Company = new CompanyBasicsView(c.Id, c.NameKo, c.NameEn, c.BusinessRegistrationNumber, c.Size, null, c.RegionCode, c.Employees, c.FoundedYear,
                        c.Website, c.Description),
                    CompanySector = c.SectorCode,
                    // A contact removed since (by the company, or erased on the person's request) is no contact.
                    Contact = p == null || p.RemovedAt != null
                        ? null
                        : new
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
                        },
                    Unread = unread.Take(NotificationQueries.BadgeCap).Count(),
                })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var request = found.Request;

        // 2. Contributors, history, attachments (of the request and of its messages), messages, internal notes, proposed matches.
        var children = await RequestChildren.ReadAsync(db, request.Id, withNotes: true, cancellationToken);
        var names = await referenceData.GetAsync(cancellationToken);
        NamedCode? Optional(Func<string, NamedCode> name, string? code) => string.IsNullOrEmpty(code) ? null : name(code);

        var history = children.History;
        var details = new RequestDetailsView
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
            ContactPersonName = found.Contact?.Name,
            ShareContactAbroad = request.ShareContactAbroad,
            Lead = Optional(names.Organization, request.LeadOrganizationCode),
            IsConvergence = request.IsConvergence,
            Contributors = [.. children.Contributors.OrderBy(c => c.OrganizationCode, StringComparer.Ordinal)
                .Select(c => new ContributorView(names.Organization(c.OrganizationCode), c.Origin, [.. c.TechnologyCodes.Select(names.Technology)]))],
            CreatedAt = request.CreatedAt,
            UpdatedAt = request.UpdatedAt,
            SubmittedAt = request.SubmittedAt,
            Attachments = children.RequestAttachments(),

            // The institutes see the notes of assignments too (the company's view hides them).
            Timeline = [.. history.Select(h => new TimelineEntryView(h.From, h.To, h.ActorName, h.ActorSide,
                h.ActorSide == ActorSide.Institute ? Optional(names.Organization, h.ActorOrganizationCode) : null, h.At, h.Note, h.Event, h.EventDetail))],
            Messages = [.. children.Messages.Select(m => new MessageView(m.Id, m.AuthorName, m.AuthorSide,
                m.AuthorSide == ActorSide.Institute ? Optional(names.Organization, m.AuthorOrganizationCode) : null, m.Body, m.CreatedAt,
                children.AttachmentsOf(m.Id)))],
            PendingQuestion = request.Status == RequestStatus.NeedsInformation ? history.LastOrDefault(h => h.To == RequestStatus.NeedsInformation && h.Event is null)?.Note : null,
        };

        var isLead = request.LeadOrganizationCode == organization;
        var assignable = isLead && request.Status != RequestStatus.Draft && !request.Status.IsTerminal();
        var institutes = names.Institutes;
        var contributors = children.Contributors.Select(c => c.OrganizationCode).ToHashSet(StringComparer.Ordinal);
        var contact = found.Contact;
        var waiting = KoreanBusinessDays.Between(request.StatusChangedAt, clock.GetUtcNow());
        return new CoordinatorRequestView
        {
            Request = details,
            Company = found.Company with { Sector = Optional(names.Sector, found.CompanySector) },
            Contact = contact is null
                ? null
                : new ContactView(contact.Name, contact.Department, contact.Position, contact.Email, contact.Phone,
                    contact.RemovedAt is null && contact.Collection == true && contact.Transfer == true,
                    request.ShareContactAbroad && contact.RemovedAt is null && contact.Collection == true && contact.Transfer == true,
                    contact.RemovedAt is not null),
            IsLead = isLead,
            Institute = names.Organization(organization),
            InternalNotes = [.. children.Notes.Select(n => new InternalNoteView(n.Id, n.AuthorName, names.Organization(n.OrganizationCode), n.Text, n.CreatedAt))],
            Matches = [.. children.Matches.Select(m => new ProposedMatchView(m.Id, m.PartnerName, m.PartnerNameKo, names.Country(m.CountryCode), m.Score, m.Status,
                m.ProposedAt, Optional(names.Organization, m.ProposedByOrganizationCode)))],
            TransferTargets = assignable ? [.. institutes.Where(i => i.Code != request.LeadOrganizationCode)] : [],
            ContributorCandidates = assignable
                ? [.. institutes.Where(i => i.Code != request.LeadOrganizationCode && !contributors.Contains(i.Code))]
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
            UnreadNotifications = viewerId is null ? null : found.Unread,
        };
    }
}
