using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CarbonNeutralConsortium.Services.Data.Seed;

/// <summary>The project's own copy of reference-data.json and the ISO 3166-1 list, embedded in the assembly.</summary>
public sealed class ReferenceDataFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public required List<OrganizationRow> Organizations { get; init; }

    public required List<SectorRow> Sectors { get; init; }

    public required List<TechnologyRow> TechnologyTaxonomy { get; init; }

    public required List<VocabularyRow> CooperationTypes { get; init; }

    public required List<VocabularyRow> PartnerTypes { get; init; }

    [JsonIgnore]
    public List<CountryRow> Countries { get; private set; } = [];

    public static ReferenceDataFile Load()
    {
        // reference-data.json describes its countries in prose ([JsonIgnore] above); the list is countries.json.
        var data = Read<ReferenceDataFile>("CarbonNeutralConsortium.Seed.reference-data.json");
        data.Countries = Read<CountryFile>("CarbonNeutralConsortium.Seed.countries.json").Countries;
        return data;
    }

    private static T Read<T>(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"Embedded resource {resource} is empty.");
    }

    public sealed record OrganizationRow(string Code, string Kind, string NameKo, string NameEn);

    public sealed record SectorRow(string Code, string NameKo, string NameEn, string Lead);

    public sealed record TechnologyRow(string Code, string? Parent, string NameKo, string NameEn, List<string>? Experts);

    public sealed record VocabularyRow(string Code, string NameKo, string NameEn);

    public sealed record CountryRow(string Alpha2, string Alpha3, string Numeric, string NameKo, string NameEn);

    private sealed record CountryFile(List<CountryRow> Countries);
}
