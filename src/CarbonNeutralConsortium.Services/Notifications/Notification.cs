namespace CarbonNeutralConsortium.Services.Notifications;

/// <summary>What a notification is about. The text is localized when shown (Notification.{Kind} in SharedResource).</summary>
public enum NotificationKind
{
    RequestSubmitted,
    RequestResubmitted,
    RequestNeedsInformation,
    RequestStatusChanged,
    PartnersProposed,
    MessageReceived,
    ExpiryWarning,

    /// <summary>To an institute's coordinators: a request was submitted with the institute as lead or contributor.</summary>
    InstituteRequestSubmitted,

    /// <summary>To an institute's coordinators: a request returned for information was submitted again.</summary>
    InstituteRequestResubmitted,

    /// <summary>To an institute's coordinators: the lead of a request was transferred to the institute.</summary>
    InstituteLeadTransferred,

    /// <summary>To an institute's coordinators: the institute was added as a contributor of a request.</summary>
    InstituteContributorAdded,
}

/// <summary>An in-app notification for one user; the matching e-mail goes through the outbox in the same transaction.</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public NotificationKind Kind { get; set; }

    public Guid? RequestId { get; set; }

    /// <summary>The request's reference number and title at the time, shown in the list.</summary>
    public string? Reference { get; set; }

    public string? Subject { get; set; }

    /// <summary>For status changes: the new status (enum name).</summary>
    public string? Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}
