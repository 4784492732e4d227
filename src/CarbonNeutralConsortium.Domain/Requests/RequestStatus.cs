namespace CarbonNeutralConsortium.Domain.Requests;

/// <summary>The lifecycle of DOMAIN.md. Stored as text.</summary>
public enum RequestStatus
{
    Draft,
    Submitted,
    InReview,
    NeedsInformation,
    Matching,
    PartnersProposed,
    Connected,
    Closed,
    Withdrawn,
    Declined,
    Expired,
}

/// <summary>How a request ended (set with <see cref="RequestStatus.Closed"/>).</summary>
public enum RequestOutcome
{
    Agreement,
    NoDeal,
}

/// <summary>The steps of the request wizard, in order.</summary>
public enum RequestStep
{
    Need = 1,
    Technology = 2,
    Partner = 3,
    Timeline = 4,
    Confidentiality = 5,
    Review = 6,
}

public static class RequestStatuses
{
    /// <summary>States after which nothing changes any more.</summary>
    public static readonly IReadOnlyList<RequestStatus> Terminal = [RequestStatus.Closed, RequestStatus.Withdrawn, RequestStatus.Declined, RequestStatus.Expired];

    /// <summary>Submitted and not finished: the states an institute works on (and the expiry job watches).</summary>
    public static readonly IReadOnlyList<RequestStatus> Open =
        [RequestStatus.Submitted, RequestStatus.InReview, RequestStatus.NeedsInformation, RequestStatus.Matching, RequestStatus.PartnersProposed];

    public static bool IsTerminal(this RequestStatus status) => Terminal.Contains(status);

    /// <summary>The company may change the content while drafting or when the institute asked for information.</summary>
    public static bool IsEditableByCompany(this RequestStatus status) => status is RequestStatus.Draft or RequestStatus.NeedsInformation;
}
