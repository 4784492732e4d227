using System.Globalization;
using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Partners;

/// <summary>Actors, partner rows and generated CSV files for the partner registry tests.</summary>
internal static class PartnerTestData
{
    public static Actor Coordinator(string organization) => new(Guid.NewGuid(), "코디 " + organization, ActorSide.Institute, organization);

    public static Actor Admin() => new(Guid.NewGuid(), "관리자", ActorSide.Agency, "KEIT");

    public static OverseasPartnerData Data(string externalId, string name = "University of Calgary", string? nameKo = "캘거리 대학교", string country = "CA",
        string type = "university", string[]? technologies = null, string[]? linked = null, string? description = "Methane conversion and dry reforming catalysts.",
        string[]? keywords = null, int? trlMin = 3, int? trlMax = 7) =>
        new(externalId, name, nameKo, country, type, technologies ?? ["CCUS.METHANE"], ["joint_research"], trlMin, trlMax, keywords ?? ["메탄", "dry reforming"],
            description, "https://www.ucalgary.ca", "partner@example.org", linked ?? ["KRICT"]);

    /// <summary>Stores partners straight through the domain (for tests about something else than creating them).</summary>
    public static Task<List<Guid>> AddAsync(IServiceProvider provider, string? owner, params OverseasPartnerData[] partners) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var entities = partners.Select(p => OverseasPartner.Create(p, owner, TimeProvider.System)).ToList();
            db.OverseasPartners.AddRange(entities);
            await db.SaveChangesAsync();
            return entities.Select(e => e.Id).ToList();
        });

    public static string NewPrefix() => "T" + Guid.NewGuid().ToString("N")[..8] + "-";

    /// <summary>A CSV of the given rows (header of FORMATS.md), as PartnerCsv writes it, UTF-8 with BOM.</summary>
    public static byte[] Csv(IEnumerable<OverseasPartnerData> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        PartnerCsv.Write(writer, rows);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(writer.ToString())];
    }

    /// <summary>
    /// <paramref name="count"/> generated partners; the data rows whose 1-based index is in <paramref name="bad"/> get the
    /// given broken value (column → value). The file row of data row i is i + 1 (row 1 is the header).
    /// </summary>
    public static byte[] GeneratedCsv(string prefix, int count, IReadOnlyDictionary<int, (string Column, string Value)>? bad = null)
    {
        var builder = new StringBuilder();
        builder.Append(string.Join(',', PartnerCsv.Columns)).Append("\r\n");
        string[] countries = ["US", "CA", "DE", "JP", "GB", "FR"];
        string[] leaves = ["CCUS.METHANE", "CCUS.CONVERSION", "H2.PRODUCTION", "SEMI.LOWPOWER", "ENERGY.PV", "MOB.FCEV"];
        for (var i = 1; i <= count; i++)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [PartnerCsv.ExternalId] = $"{prefix}{i:D5}",
                [PartnerCsv.Name] = $"Generated Partner {prefix}{i:D5}",
                [PartnerCsv.NameKo] = $"생성된 기관 {i}",
                [PartnerCsv.Country] = countries[i % countries.Length],
                [PartnerCsv.PartnerType] = i % 2 == 0 ? "university" : "company",
                [PartnerCsv.TechnologyCodes] = leaves[i % leaves.Length],
                [PartnerCsv.CooperationTypes] = "joint_research;technical_consulting",
                [PartnerCsv.TrlMin] = "2",
                [PartnerCsv.TrlMax] = "6",
                [PartnerCsv.Keywords] = "catalyst;촉매",
                [PartnerCsv.Description] = "Research group, \"quoted\", with a comma",
                [PartnerCsv.Website] = "https://example.org/" + i.ToString(CultureInfo.InvariantCulture),
                [PartnerCsv.ContactEmail] = $"p{i}@example.org",
                [PartnerCsv.LinkedInstitutes] = i % 3 == 0 ? "KRICT" : "",
            };
            if (bad is not null && bad.TryGetValue(i, out var broken))
            {
                values[broken.Column] = broken.Value;
            }

            builder.Append(string.Join(',', PartnerCsv.Columns.Select(c => Quote(values[c])))).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
