using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Requests;

/// <summary>One transition of a request: who, when, from, to, and a note. Never changed afterwards.</summary>
public sealed class RequestStatusChange
{
    public const int NoteMaxLength = 2000;

    /// <summary>Notes the portal writes itself start with this; a person's note never may (see <see cref="PartnershipRequest"/>).</summary>
    public const string SystemNotePrefix = "system:";

    /// <summary>The stored note of a system event, e.g. system:Routing.</summary>
    public static string SystemNote(string code) => SystemNotePrefix + code;

    /// <summary>The code of a system note (Routing, Resubmitted, DeadlinePassed), or null for a note a person wrote.</summary>
    public static string? SystemNoteCode(string? note) =>
        note is not null && note.StartsWith(SystemNotePrefix, StringComparison.Ordinal) ? note[SystemNotePrefix.Length..] : null;

    private RequestStatusChange() { }

    internal RequestStatusChange(Guid requestId, RequestStatus? from, RequestStatus to, Actor actor, string? note, DateTimeOffset at,
        RequestEvent? @event = null, string? eventDetail = null)
    {
        Event = @event;
        EventDetail = eventDetail;
        Id = Guid.CreateVersion7();
        RequestId = requestId;
        From = from;
        To = to;
        ActorUserId = actor.UserId;
        ActorName = actor.Name;
        ActorSide = actor.Side;
        ActorOrganizationCode = actor.OrganizationCode;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public RequestStatus? From { get; private set; }

    public RequestStatus To { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string ActorName { get; private set; } = "";

    public ActorSide ActorSide { get; private set; }

    public string? ActorOrganizationCode { get; private set; }

    /// <summary>A system note (<see cref="SystemNotePrefix"/> + code, e.g. system:Routing) or the free text a person wrote.</summary>
    public string? Note { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>
    /// Set when the row records an assignment rather than a status change (from = to): the lead was transferred or
    /// a contributing institute added or removed. Its note is the coordinators' and is never shown to the company.
    /// </summary>
    public RequestEvent? Event { get; private set; }

    /// <summary>The organizations of the event: "KRICT>ETRI" for a transfer, "ETRI" for a contributor.</summary>
    public string? EventDetail { get; private set; }
}

/// <summary>Assignment events recorded in a request's history next to its status changes.</summary>
public enum RequestEvent
{
    LeadTransferred,
    ContributorAdded,
    ContributorRemoved,
}

/// <summary>An institute other than the lead that helps with a request (convergence, 융복합).</summary>
public sealed class RequestContributor
{
    private RequestContributor() { }

    public RequestContributor(Guid requestId, string organizationCode, ContributorOrigin origin, IReadOnlyList<string> technologyCodes)
    {
        RequestId = requestId;
        OrganizationCode = organizationCode;
        Origin = origin;
        TechnologyCodes = [.. technologyCodes];
    }

    public Guid RequestId { get; private set; }

    public string OrganizationCode { get; private set; } = "";

    public ContributorOrigin Origin { get; private set; }

    /// <summary>The request's technology codes this institute is expert in: why it was suggested.</summary>
    public List<string> TechnologyCodes { get; private set; } = [];

    /// <summary>
    /// A copy of the request's <see cref="PartnershipRequest.Status"/>, kept by the database (triggers of the Queue
    /// migration), never written by the app: the coordinator queue reads an institute's contributions in its own order.
    /// </summary>
    public RequestStatus RequestStatus { get; private set; }

    /// <summary>A copy of the request's <see cref="PartnershipRequest.StatusChangedAt"/>, kept by the database like <see cref="RequestStatus"/>.</summary>
    public DateTimeOffset RequestStatusChangedAt { get; private set; }

    /// <summary>A copy of the request's sector, kept by the database like <see cref="RequestStatus"/> (the queue's sector filter).</summary>
    public string? RequestSectorCode { get; private set; }

    /// <summary>A copy of the request's technology codes, kept by the database like <see cref="RequestStatus"/> (the queue's technology filter).</summary>
    public List<string> RequestTechnologyCodes { get; private set; } = [];

    /// <summary>A copy of the request's preferred countries, kept by the database like <see cref="RequestStatus"/> (the queue's country filter).</summary>
    public List<string> RequestPreferredCountries { get; private set; } = [];
}

public enum ContributorOrigin
{
    /// <summary>Suggested by routing on submit: the institute is expert in one of the request's technology codes.</summary>
    Suggested,

    /// <summary>Added by a coordinator.</summary>
    Added,
}
