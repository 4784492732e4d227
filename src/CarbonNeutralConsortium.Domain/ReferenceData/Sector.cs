namespace CarbonNeutralConsortium.Domain.ReferenceData;

/// <summary>One of the six carbon-intensive sectors; requests of the sector are routed to its lead institute.</summary>
public sealed class Sector : ReferenceItem
{
    private Sector() { }

    public Sector(string code, string nameKo, string nameEn, string leadOrganizationCode, int sortOrder)
    {
        Init(code, nameKo, nameEn);
        LeadOrganizationCode = leadOrganizationCode;
        SortOrder = sortOrder;
    }

    public string LeadOrganizationCode { get; private set; } = "";

    public int SortOrder { get; private set; }
}
