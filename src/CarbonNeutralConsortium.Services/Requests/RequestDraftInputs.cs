using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.ReferenceData;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>Step 1: what the company needs.</summary>
public sealed record NeedInput(string Title, string? PublicSummary, string? CooperationTypeCode);

/// <summary>Step 2: technology.</summary>
public sealed record TechnologyInput(string? SectorCode, IReadOnlyList<string> TechnologyCodes, IReadOnlyList<string> Keywords, int? TrlCurrent, int? TrlTarget);

/// <summary>Step 3: the partner sought.</summary>
public sealed record PartnerInput(IReadOnlyList<string> PreferredCountries, IReadOnlyList<string> ExcludedCountries, IReadOnlyList<string> PartnerTypes);

/// <summary>Step 4: timeline and budget (KRW).</summary>
public sealed record TimelineInput(DateOnly? DesiredStart, int? DurationMonths, DateOnly? Deadline, long? BudgetMinKrw, long? BudgetMaxKrw);

/// <summary>Step 5: confidentiality and the contact person.</summary>
public sealed record ConfidentialityInput(string? ConfidentialDetails, Guid? ContactPersonId, bool ShareContactAbroad);

/// <summary>A step was saved: the new row version (xmin) for the next form.</summary>
public sealed record DraftSaved(Guid Id, uint Version, RequestStep? CompletedStep);

/// <summary>An attachment as the wizard lists it (no content).</summary>
public sealed record AttachmentInfo(Guid Id, string FileName, AttachmentKind Kind, long SizeBytes, DateTimeOffset UploadedAt);

/// <summary>A top-level technology area with its leaves (the codes a request may carry).</summary>
public sealed record TechnologyGroup(CodeName Area, IReadOnlyList<CodeName> Leaves);

/// <summary>The reference data a wizard step offers. Lists a step does not need stay empty.</summary>
public sealed record WizardOptions(
    IReadOnlyList<CodeName> CooperationTypes,
    IReadOnlyList<CodeName> Sectors,
    string? CompanySectorCode,
    IReadOnlyList<TechnologyGroup> Technology,
    IReadOnlyList<CodeName> Countries,
    IReadOnlyList<CodeName> PartnerTypes,
    IReadOnlyList<ContactOption> Contacts,
    IReadOnlyList<CodeName> Organizations)
{
    public static readonly WizardOptions Empty = new([], [], null, [], [], [], [], []);
}

/// <summary>Error codes the request services return besides the domain's own (all SharedResource keys).</summary>
public static class RequestErrors
{
    /// <summary>No request with this id for this company: the page answers 404.</summary>
    public const string NotFound = "Request.NotFound";

    /// <summary>The request is no longer Draft or NeedsInformation: the page goes to the request's details.</summary>
    public const string NotEditable = "Request.NotEditable";

    /// <summary>Someone saved the request after the form was loaded; argument {0} = when (KST).</summary>
    public const string Conflict = "Request.Conflict";

    public const string ChoiceUnknown = "Request.ChoiceUnknown";
    public const string TechnologyNotLeaf = "Request.TechnologyUnknown";
    public const string ContactUnknown = "Request.ContactUnknown";
    public const string ContactNoCollectionConsent = "Request.ContactNoCollectionConsent";
    public const string ContactNoTransferConsent = "Request.ContactNoTransferConsent";
    public const string Missing = "Request.Missing";
    public const string NotSubmittable = "Request.NotSubmittable";
    public const string AttachmentNotFound = "Request.AttachmentNotFound";
}
