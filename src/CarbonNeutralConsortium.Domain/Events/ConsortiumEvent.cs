namespace CarbonNeutralConsortium.Domain.Events;

public enum EventKind
{
    Seminar,
    Workshop,
}

public enum EventFormat
{
    OnSite,
    Online,
    Hybrid,
}

/// <summary>Draft (only its organizers see it) → Published (public, open for registration) → Cancelled.</summary>
public enum EventStatus
{
    Draft,
    Published,
    Cancelled,
}

/// <summary>
/// A technology-cooperation seminar or workshop (기술협력 세미나·워크숍), run by an organizing institute with optional
/// co-organizers, often with overseas institutions. Times are instants (UTC in the database), shown in KST.
/// </summary>
public sealed class ConsortiumEvent
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int VenueMaxLength = 300;
    public const int UrlMaxLength = 500;
    public const int MaxCapacity = 5000;
    public const int MaxTopics = 10;
    public const int MaxInstitutions = 30;

    public Guid Id { get; set; }

    /// <summary>The institute (or the agency) that runs the event; its coordinators manage it.</summary>
    public string OrganizerCode { get; set; } = "";

    /// <summary>Other consortium organizations running it together (convergence); their coordinators manage it too.</summary>
    public List<string> CoOrganizerCodes { get; set; } = [];

    public EventKind Kind { get; set; }

    public string TitleKo { get; set; } = "";

    public string TitleEn { get; set; } = "";

    public string DescriptionKo { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    /// <summary>Technology-area codes the event is about.</summary>
    public List<string> TopicCodes { get; set; } = [];

    public EventFormat Format { get; set; }

    public string? Venue { get; set; }

    public string? OnlineUrl { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public DateTimeOffset RegistrationDeadline { get; set; }

    public int Capacity { get; set; }

    public EventStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }

    /// <summary>The organizations whose coordinators manage the event.</summary>
    public bool IsOrganizedBy(string? organizationCode) =>
        organizationCode is not null && (OrganizerCode == organizationCode || CoOrganizerCodes.Contains(organizationCode));

    /// <summary>Registration is open while the event is published, before its deadline and before it starts.</summary>
    public bool IsOpenForRegistration(DateTimeOffset now) => Status == EventStatus.Published && now <= RegistrationDeadline && now < StartsAt;
}

/// <summary>An overseas institution taking part in an event; registered companies may ask it for a 1:1 meeting.</summary>
public sealed class EventInstitution
{
    public const int NameMaxLength = 200;

    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public string Name { get; set; } = "";

    public string CountryCode { get; set; } = "";

    /// <summary>The institution in the partner registry, when it is there.</summary>
    public Guid? PartnerId { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>A file shared with the participants (programme, slides); public once the event is published.</summary>
public sealed class EventMaterial
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerEvent = 20;

    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public string Title { get; set; } = "";

    public string FileName { get; set; } = "";

    public Requests.AttachmentKind Kind { get; set; }

    public long SizeBytes { get; set; }

    public byte[] Data { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }

    public Guid? UploadedByUserId { get; set; }
}

public enum RegistrationStatus
{
    Registered,
    Waitlisted,
    Cancelled,
}

/// <summary>
/// One person's place at an event: a seat, a place on the waitlist (ordered by <see cref="QueuedAt"/>), or cancelled.
/// One row per person and event; registering again after a cancellation reuses it and joins the end of the queue.
/// </summary>
public sealed class EventRegistration
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The person's company (SME members), for the organizer's list and 1:1 meetings.</summary>
    public Guid? CompanyId { get; set; }

    public RegistrationStatus Status { get; set; }

    /// <summary>When the person (last) registered: the waitlist's order.</summary>
    public DateTimeOffset QueuedAt { get; set; }

    public DateTimeOffset? PromotedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>Recorded by the organizer after the event: null until then.</summary>
    public bool? Attended { get; set; }

    public DateTimeOffset? AttendanceRecordedAt { get; set; }
}

/// <summary>A time slot of an event in which 1:1 meetings can be held.</summary>
public sealed class EventMeetingSlot
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }
}

/// <summary>Requested → Accepted | Declined (by the organizer, for the institution); Requested/Accepted → Cancelled.</summary>
public enum MeetingStatus
{
    Requested,
    Accepted,
    Declined,
    Cancelled,
}

/// <summary>
/// A 1:1 meeting between a registered participant and a participating institution in one slot. The database holds
/// at most one active (requested or accepted) meeting per slot for each institution and for each person.
/// </summary>
public sealed class EventMeeting
{
    public const int TopicMaxLength = 500;

    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public Guid SlotId { get; set; }

    public Guid InstitutionId { get; set; }

    public Guid RequesterUserId { get; set; }

    public Guid? CompanyId { get; set; }

    public string Topic { get; set; } = "";

    public MeetingStatus Status { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }
}
