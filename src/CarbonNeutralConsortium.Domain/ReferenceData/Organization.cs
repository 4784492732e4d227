namespace CarbonNeutralConsortium.Domain.ReferenceData;

/// <summary>
/// A member of the consortium: a sector institute (ETRI, KITECH, ...) or the coordinating agency (KEIT).
/// The sector an institute leads is <see cref="Sector.LeadOrganizationCode"/> (one place, admin-editable).
/// </summary>
public sealed class Organization : ReferenceItem
{
    private Organization() { }

    public Organization(string code, OrganizationKind kind, string nameKo, string nameEn, int sortOrder)
    {
        Init(code, nameKo, nameEn);
        Kind = kind;
        SortOrder = sortOrder;
    }

    public OrganizationKind Kind { get; private set; }

    public int SortOrder { get; private set; }
}
