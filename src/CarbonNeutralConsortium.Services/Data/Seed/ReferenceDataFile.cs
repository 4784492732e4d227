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
        var data = Read<ReferenceDataFile>("CarbonNeutralConsortium.Seed.reference-data.json", "countries");
        data.Countries = Read<CountryFile>("CarbonNeutralConsortium.Seed.countries.json", null).Countries;
        return data;
    }

    private static T Read<T>(string resource, string? dropProperty)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        if (dropProperty is not null)
        {
            // reference-data.json describes its countries in prose; the list comes from countries.json.
            var copy = root.EnumerateObject().Where(p => p.Name != dropProperty).ToDictionary(p => p.Name, p => p.Value);
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(copy), Json)!;
        }

        return root.Deserialize<T>(Json)!;
    }

    public sealed record OrganizationRow(string Code, string Kind, string NameKo, string NameEn);

    public sealed record SectorRow(string Code, string NameKo, string NameEn, string Lead);

    public sealed record TechnologyRow(string Code, string? Parent, string NameKo, string NameEn, List<string>? Experts);

    public sealed record VocabularyRow(string Code, string NameKo, string NameEn);

    public sealed record CountryRow(string Alpha2, string Alpha3, string Numeric, string NameKo, string NameEn);

    private sealed record CountryFile(List<CountryRow> Countries);
}
