using System.Text;
using CarbonNeutralConsortium.Services.Data.Seed;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// The embedded reference data (the same file `cnc migrate` seeds) as the generator uses it: indexed arrays, expert
/// institutes as bit masks, names and codes pre-encoded in UTF-8.
/// </summary>
internal sealed class GenerationReference
{
    public GenerationReference()
    {
        var data = ReferenceDataFile.Load();
        Institutes = [.. data.Organizations.Where(o => o.Kind == "institute").Select(o => o.Code)];
        Coordinator = data.Organizations.First(o => o.Kind == "coordinator").Code;
        InstituteNameKo = [.. data.Organizations.Where(o => o.Kind == "institute").Select(o => o.NameKo)];
        InstituteNameEn = [.. data.Organizations.Where(o => o.Kind == "institute").Select(o => o.NameEn)];
        Sectors = [.. data.Sectors.Select(s => new SectorInfo(s.Code, Array.IndexOf(Institutes, s.Lead), s.NameKo, s.NameEn))];
        Areas = [.. data.TechnologyTaxonomy.Where(t => t.Parent is null).Select(t => new AreaInfo(t.Code, t.NameKo, t.NameEn))];
        var areaIndex = Areas.Select((a, i) => (a.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        Leaves = [.. data.TechnologyTaxonomy.Where(t => t.Parent is not null).Select(t => new LeafInfo(
            t.Code, areaIndex[t.Parent!], t.NameKo, t.NameEn,
            (t.Experts ?? []).Select(e => Array.IndexOf(Institutes, e)).Where(i => i >= 0).Aggregate(0, (mask, i) => mask | (1 << i))))];
        CooperationTypes = [.. data.CooperationTypes.Select(c => new NamedInfo(c.Code, c.NameKo, c.NameEn))];
        PartnerTypes = [.. data.PartnerTypes.Select(p => new NamedInfo(p.Code, p.NameKo, p.NameEn))];
        var countries = data.Countries.ToDictionary(c => c.Alpha2, StringComparer.Ordinal);
        Countries = [.. CountryWeights.Select(c => new NamedInfo(c.Code, countries[c.Code].NameKo, countries[c.Code].NameEn))];
        CountryCumulative = Weights.Cumulative([.. CountryWeights.Select(c => c.Weight)]);
        AreaLeaves = [.. Areas.Select((_, a) => Leaves.Select((l, i) => (l, i)).Where(x => x.l.Area == a).Select(x => x.i).ToArray())];
    }

    /// <summary>Partner countries and their weights (the large research nations first); requests prefer among them too.</summary>
    private static readonly (string Code, double Weight)[] CountryWeights =
    [
        ("US", 22), ("DE", 12), ("JP", 10), ("CN", 7), ("GB", 7), ("FR", 6), ("CA", 5), ("NL", 4), ("FI", 3), ("SE", 3), ("CH", 3), ("IT", 3),
        ("ES", 2), ("AU", 2), ("DK", 2), ("NO", 2), ("BE", 2), ("AT", 1), ("SG", 1), ("IL", 1), ("IN", 1), ("VN", 1), ("ID", 1), ("SA", 0.6),
        ("AE", 0.6), ("PL", 0.6), ("CZ", 0.5), ("NZ", 0.5), ("TW", 1), ("BR", 0.5),
    ];

    public string[] Institutes { get; }

    public string[] InstituteNameKo { get; }

    public string[] InstituteNameEn { get; }

    public string Coordinator { get; }

    public SectorInfo[] Sectors { get; }

    public AreaInfo[] Areas { get; }

    public LeafInfo[] Leaves { get; }

    /// <summary>Area index → the indices of its leaves.</summary>
    public int[][] AreaLeaves { get; }

    public NamedInfo[] CooperationTypes { get; }

    public NamedInfo[] PartnerTypes { get; }

    /// <summary>The countries partners are in (and requests prefer), weighted.</summary>
    public NamedInfo[] Countries { get; }

    public double[] CountryCumulative { get; }

    public int CooperationIndex(string code) => Array.FindIndex(CooperationTypes, c => c.Code == code);

    public int PartnerTypeIndex(string code) => Array.FindIndex(PartnerTypes, c => c.Code == code);

    public int CountryIndex(string code) => Array.FindIndex(Countries, c => c.Code == code);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

internal sealed record SectorInfo(string Code, int Lead, string NameKo, string NameEn)
{
    public byte[] CodeUtf8 { get; } = GenerationReference.Utf8(Code);
}

internal sealed record AreaInfo(string Code, string NameKo, string NameEn);

/// <summary>A leaf of the taxonomy: its area, names, and the institutes expert in it (bit i = <see cref="GenerationReference.Institutes"/>[i]).</summary>
internal sealed record LeafInfo(string Code, int Area, string NameKo, string NameEn, int Experts)
{
    public byte[] CodeUtf8 { get; } = GenerationReference.Utf8(Code);
}

internal sealed record NamedInfo(string Code, string NameKo, string NameEn)
{
    public byte[] CodeUtf8 { get; } = GenerationReference.Utf8(Code);
}
