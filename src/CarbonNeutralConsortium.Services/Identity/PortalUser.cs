using Microsoft.AspNetCore.Identity;

namespace CarbonNeutralConsortium.Services.Identity;

/// <summary>
/// A person who signs in. Belongs to one company (SME members) or one organization (institute coordinators and
/// agency admins), never both; the database enforces it with a check constraint.
/// </summary>
public sealed class PortalUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";

    public Guid? CompanyId { get; set; }

    public string? OrganizationCode { get; set; }

    /// <summary>"ko" or "en": the language of the e-mails this person receives.</summary>
    public string PreferredCulture { get; set; } = "ko";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the person consented to the collection and use of their personal data, and to which text version.</summary>
    public DateTimeOffset? PrivacyConsentAt { get; set; }

    public string? PrivacyConsentVersion { get; set; }

    /// <summary>Deactivated accounts cannot sign in; their history stays.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The time step of the last authenticator code accepted: a code is good once only (see OneTimeAuthenticatorTokenProvider).</summary>
    public long? TotpLastStep { get; set; }

    /// <summary>Set when the person's data was erased on request (see Privacy.PersonalDataErasure); the row stays for the history that refers to it.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>The last successful sign-in: accounts unused for the retention period are erased (Privacy.RetentionService).</summary>
    public DateTimeOffset? LastSignInAt { get; set; }
}
