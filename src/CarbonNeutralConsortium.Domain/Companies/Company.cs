using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Companies;

/// <summary>A Korean SME or mid-sized enterprise, identified by its business registration number.</summary>
public sealed class Company
{
    public const int NameMaxLength = 200;

    private Company() { }

    public Guid Id { get; private set; }

    /// <summary>Ten digits, no separators. Read-only after registration.</summary>
    public string BusinessRegistrationNumber { get; private set; } = "";

    public string NameKo { get; private set; } = "";

    public string? NameEn { get; private set; }

    public CompanySize Size { get; private set; }

    public string SectorCode { get; private set; } = "";

    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>Code of <see cref="KoreanRegions"/> (시·도).</summary>
    public string? RegionCode { get; private set; }

    public int? Employees { get; private set; }

    public int? FoundedYear { get; private set; }

    public string? Website { get; private set; }

    public string? Description { get; private set; }

    /// <summary>Main technology areas (taxonomy codes).</summary>
    public List<string> TechnologyCodes { get; private set; } = [];

    public DateTimeOffset? ProfileUpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public static Company Register(
        BusinessRegistrationNumber number, string nameKo, string? nameEn, CompanySize size, string sectorCode, TimeProvider clock)
    {
        var company = new Company
        {
            Id = Guid.CreateVersion7(),
            BusinessRegistrationNumber = number.Digits,
            Size = size,
            RegisteredAt = clock.GetUtcNow(),
        };
        company.Rename(nameKo, nameEn);
        company.ChangeSector(sectorCode);
        return company;
    }

    /// <summary>The rule for a company name (trimmed): at most <see cref="NameMaxLength"/> characters, present when required.</summary>
    public static bool IsValidName(string? name, bool required)
    {
        var length = name?.Trim().Length ?? 0;
        return length <= NameMaxLength && (length > 0 || !required);
    }

    public void Rename(string nameKo, string? nameEn)
    {
        nameKo = (nameKo ?? "").Trim();
        nameEn = string.IsNullOrWhiteSpace(nameEn) ? null : nameEn.Trim();
        if (nameKo.Length == 0)
        {
            throw new DomainException("Company.NameRequired");
        }

        if (!IsValidName(nameKo, required: true) || !IsValidName(nameEn, required: false))
        {
            throw new DomainException("Company.NameTooLong");
        }

        NameKo = nameKo;
        NameEn = nameEn;
    }

    public void ChangeSector(string sectorCode)
    {
        if (string.IsNullOrWhiteSpace(sectorCode))
        {
            throw new DomainException("Company.SectorRequired");
        }

        SectorCode = sectorCode;
    }

    public const int DescriptionMaxLength = 4000;
    public const int WebsiteMaxLength = 300;
    public const int MaxEmployees = 1_000_000;
    public const int MaxTechnologyCodes = 10;

    /// <summary>
    /// The editable profile. Reference codes (sector, technology) are checked by the service against the
    /// database; shapes and ranges are checked here.
    /// </summary>
    public void UpdateProfile(CompanyProfile profile, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var today = KoreaTime.Today(clock);
        if (profile.RegionCode is not null && !KoreanRegions.IsKnown(profile.RegionCode))
        {
            throw new DomainException("Company.RegionUnknown");
        }

        if (profile.Employees is < 0 or > MaxEmployees)
        {
            throw new DomainException("Company.EmployeesOutOfRange");
        }

        if (profile.FoundedYear is { } year && (year < 1900 || year > today.Year))
        {
            throw new DomainException("Company.FoundedYearOutOfRange");
        }

        var website = string.IsNullOrWhiteSpace(profile.Website) ? null : profile.Website.Trim();
        if (website is not null && (website.Length > WebsiteMaxLength || !IsWebAddress(website)))
        {
            throw new DomainException("Company.WebsiteInvalid");
        }

        var description = string.IsNullOrWhiteSpace(profile.Description) ? null : profile.Description.Trim();
        if (description?.Length > DescriptionMaxLength)
        {
            throw new DomainException("Company.DescriptionTooLong");
        }

        var codes = profile.TechnologyCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count > MaxTechnologyCodes)
        {
            throw new DomainException("Company.TooManyTechnologyCodes");
        }

        Rename(profile.NameKo, profile.NameEn);
        Size = profile.Size;
        ChangeSector(profile.SectorCode);
        RegionCode = profile.RegionCode;
        Employees = profile.Employees;
        FoundedYear = profile.FoundedYear;
        Website = website;
        Description = description;
        TechnologyCodes = codes;
        ProfileUpdatedAt = clock.GetUtcNow();
    }

    public static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Contains('.', StringComparison.Ordinal);

    public string DisplayName(bool english) => english && NameEn is not null ? NameEn : NameKo;
}

/// <summary>The editable part of a company's profile (the business registration number is not editable).</summary>
public sealed record CompanyProfile(
    string NameKo,
    string? NameEn,
    CompanySize Size,
    string SectorCode,
    string? RegionCode,
    int? Employees,
    int? FoundedYear,
    string? Website,
    string? Description,
    IReadOnlyList<string> TechnologyCodes);
