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

    public string DisplayName(bool english) => english && NameEn is not null ? NameEn : NameKo;
}
