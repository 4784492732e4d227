namespace CarbonNeutralConsortium.Domain.ReferenceData;

/// <summary>A country of ISO 3166-1; <see cref="ReferenceItem.Code"/> is the alpha-2 code.</summary>
public sealed class Country : ReferenceItem
{
    private Country() { }

    public Country(string alpha2, string alpha3, string numeric, string nameKo, string nameEn)
    {
        Init(alpha2, nameKo, nameEn);
        Alpha3 = alpha3;
        Numeric = numeric;
    }

    public string Alpha3 { get; private set; } = "";

    public string Numeric { get; private set; } = "";
}
