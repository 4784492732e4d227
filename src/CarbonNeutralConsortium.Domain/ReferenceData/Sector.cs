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

    /// <summary>Routes the sector's new requests to another institute (an admin's decision; requests already routed keep their lead).</summary>
    public void AssignLead(string organizationCode)
    {
        if (string.IsNullOrWhiteSpace(organizationCode) || organizationCode.Length > CodeMaxLength)
        {
            throw new Common.DomainException("Reference.InvalidCode");
        }

        LeadOrganizationCode = organizationCode;
    }
}
