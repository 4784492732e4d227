namespace CarbonNeutralConsortium.Services.Privacy;

/// <summary>
/// One look by staff (a coordinator or an admin) at people's personal data: who, when, on which page (the purpose),
/// about whom (a user, a company's contact person, an event's participants) and how many people's data the page
/// showed. The access record of the personal-data system that PIPA's safety measures ask for. Ids only: the record
/// itself holds no name or address. Purged after <see cref="RetentionOptions.AccessLog"/>.
/// </summary>
public sealed class PersonalDataView
{
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid ViewerUserId { get; private set; }

    public string? ViewerOrganizationCode { get; private set; }

    /// <summary>What the page is for: <see cref="PersonalDataPurposes"/>.</summary>
    public string Purpose { get; private set; } = "";

    /// <summary>User, Company or Event.</summary>
    public string SubjectType { get; private set; } = "";

    /// <summary>The user, company or event whose people were shown; <see cref="Guid.Empty"/> for a list of all users.</summary>
    public Guid SubjectId { get; private set; }

    /// <summary>How many people's data the page showed.</summary>
    public int Records { get; private set; }
}

/// <summary>The pages (and downloads) that show personal data to staff.</summary>
public static class PersonalDataPurposes
{
    public const string UserList = "Admin.UserList";
    public const string UserExport = "Admin.UserExport";
    public const string UserAccount = "Admin.UserAccount";
    public const string UserDataExport = "Admin.UserDataExport";
    public const string RequestContact = "Coordination.RequestContact";
    public const string EventParticipants = "Events.Participants";

    public static readonly IReadOnlyList<string> All = [UserList, UserExport, UserAccount, UserDataExport, RequestContact, EventParticipants];
}
