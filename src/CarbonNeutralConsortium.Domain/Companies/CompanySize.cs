namespace CarbonNeutralConsortium.Domain.Companies;

/// <summary>Company size of reference-data.json (codes small, mid_sized).</summary>
public enum CompanySize
{
    Small,
    MidSized,
}
