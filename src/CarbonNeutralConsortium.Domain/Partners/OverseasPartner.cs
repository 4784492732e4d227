using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matching;

namespace CarbonNeutralConsortium.Domain.Partners;

/// <summary>
/// A university, research institute, company or agency abroad that could cooperate (the registry of FORMATS.md).
/// Coordinators maintain the registry; SMEs see a partner only when it is proposed to them.
/// </summary>
public sealed class OverseasPartner
{
    public const int NameMaxLength = 300;
    public const int DescriptionMaxLength = 8000;

    private OverseasPartner() { }

    public Guid Id { get; private set; }

    /// <summary>The source's identifier (CSV external_id); unique.</summary>
    public string ExternalId { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? NameKo { get; private set; }

    public string CountryCode { get; private set; } = "";

    public string PartnerTypeCode { get; private set; } = "";

    public List<string> TechnologyCodes { get; private set; } = [];

    /// <summary>Cooperation types offered; empty means any.</summary>
    public List<string> CooperationTypes { get; private set; } = [];

    public int? TrlMin { get; private set; }

    public int? TrlMax { get; private set; }

    public List<string> Keywords { get; private set; } = [];

    public string? Description { get; private set; }

    public string? Website { get; private set; }

    public string? ContactEmail { get; private set; }

    /// <summary>Institutes with an agreement or network link to this partner.</summary>
    public List<string> LinkedInstitutes { get; private set; } = [];

    public bool IsActive { get; private set; } = true;

    /// <summary>
    /// The institute that registered the partner (or the agency): its coordinators (and admins) maintain it; other
    /// institutes read it. Null for partners created by the system.
    /// </summary>
    public string? OwnerOrganizationCode { get; private set; }

    /// <summary>The <see cref="TextTerms"/> of name, Korean name, description and keywords: what SQL retrieval matches on.</summary>
    public List<string> SearchTerms { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static OverseasPartner Create(OverseasPartnerData data, string? ownerOrganizationCode, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(data);
        var now = clock.GetUtcNow();
        var partner = new OverseasPartner { Id = Guid.CreateVersion7(), CreatedAt = now, OwnerOrganizationCode = ownerOrganizationCode };
        partner.Update(data, clock);
        return partner;
    }

    public void Update(OverseasPartnerData data, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (string.IsNullOrWhiteSpace(data.ExternalId) || string.IsNullOrWhiteSpace(data.Name))
        {
            throw new DomainException("Partner.Required");
        }

        if (data.Name.Trim().Length > NameMaxLength || data.Description?.Length > DescriptionMaxLength)
        {
            throw new DomainException("Partner.TooLong");
        }

        if (data.TrlMin is < 1 or > 9 || data.TrlMax is < 1 or > 9 || (data.TrlMin is { } min && data.TrlMax is { } max && min > max))
        {
            throw new DomainException("Partner.TrlOutOfRange");
        }

        ExternalId = data.ExternalId.Trim();
        Name = data.Name.Trim();
        NameKo = string.IsNullOrWhiteSpace(data.NameKo) ? null : data.NameKo.Trim();
        CountryCode = data.CountryCode;
        PartnerTypeCode = data.PartnerTypeCode;
        TechnologyCodes = [.. data.TechnologyCodes];
        CooperationTypes = [.. data.CooperationTypes];
        TrlMin = data.TrlMin;
        TrlMax = data.TrlMax;
        Keywords = [.. data.Keywords];
        Description = string.IsNullOrWhiteSpace(data.Description) ? null : data.Description.Trim();
        Website = string.IsNullOrWhiteSpace(data.Website) ? null : data.Website.Trim();
        ContactEmail = string.IsNullOrWhiteSpace(data.ContactEmail) ? null : data.ContactEmail.Trim();
        LinkedInstitutes = [.. data.LinkedInstitutes];
        RefreshSearchTerms();
        UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>Recomputes <see cref="SearchTerms"/> (after an upgrade of <see cref="TextTerms"/>); returns true when they changed.</summary>
    public bool RefreshSearchTerms()
    {
        List<string> terms = [.. TextTerms.Extract([Name, NameKo, Description, .. Keywords])];
        if (terms.SequenceEqual(SearchTerms, StringComparer.Ordinal))
        {
            return false;
        }

        SearchTerms = terms;
        return true;
    }

    public void Deactivate(TimeProvider clock)
    {
        IsActive = false;
        UpdatedAt = clock.GetUtcNow();
    }

    public void Reactivate(TimeProvider clock)
    {
        IsActive = true;
        UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>The partner's fields as one CSV row of FORMATS.md (for export and for editing).</summary>
    public OverseasPartnerData ToData() => new(ExternalId, Name, NameKo, CountryCode, PartnerTypeCode, TechnologyCodes, CooperationTypes, TrlMin, TrlMax,
        Keywords, Description, Website, ContactEmail, LinkedInstitutes);

    public string DisplayName(bool english) => english || NameKo is null ? Name : NameKo;
}

/// <summary>The fields of a partner (one CSV row of FORMATS.md).</summary>
public sealed record OverseasPartnerData(
    string ExternalId,
    string Name,
    string? NameKo,
    string CountryCode,
    string PartnerTypeCode,
    IReadOnlyList<string> TechnologyCodes,
    IReadOnlyList<string> CooperationTypes,
    int? TrlMin,
    int? TrlMax,
    IReadOnlyList<string> Keywords,
    string? Description,
    string? Website,
    string? ContactEmail,
    IReadOnlyList<string> LinkedInstitutes);
