using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.ReferenceData;

/// <summary>
/// Common shape of reference data: a stable code (never changes, used by formats and tests) and names that an
/// admin may edit. Seeding inserts what is missing and never overwrites names.
/// </summary>
public abstract class ReferenceItem : IBilingualName
{
    public const int CodeMaxLength = 64;
    public const int NameMaxLength = 200;

    public string Code { get; protected set; } = "";

    public string NameKo { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    protected void Init(string code, string nameKo, string nameEn)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > CodeMaxLength)
        {
            throw new DomainException("Reference.InvalidCode");
        }

        Code = code;
        Rename(nameKo, nameEn);
    }

    public void Rename(string nameKo, string nameEn)
    {
        nameKo = (nameKo ?? "").Trim();
        nameEn = (nameEn ?? "").Trim();
        if (nameKo.Length == 0 || nameEn.Length == 0)
        {
            throw new DomainException("Reference.NameRequired");
        }

        if (nameKo.Length > NameMaxLength || nameEn.Length > NameMaxLength)
        {
            throw new DomainException("Reference.NameTooLong");
        }

        NameKo = nameKo;
        NameEn = nameEn;
    }
}
