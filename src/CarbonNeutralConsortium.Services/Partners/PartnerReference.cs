using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Partners;

/// <summary>A top-level technology area and its leaves (the codes a partner may carry).</summary>
public sealed record TechnologyGroup(NamedCode Area, IReadOnlyList<NamedCode> Leaves);

/// <summary>
/// The reference data of the partner registry (countries, partner types, the technology taxonomy, cooperation types,
/// organizations), read in one query: the options of filters and forms, the names of codes, and the
/// <see cref="PartnerCodeBook"/> the CSV and the forms are checked against.
/// </summary>
public sealed class PartnerReference
{
    private readonly Dictionary<string, NamedCode> _countries;
    private readonly Dictionary<string, NamedCode> _partnerTypes;
    private readonly Dictionary<string, NamedCode> _technologies;
    private readonly Dictionary<string, NamedCode> _cooperationTypes;
    private readonly Dictionary<string, NamedCode> _organizations;

    internal PartnerReference(
        IReadOnlyList<NamedCode> countries,
        IReadOnlyList<NamedCode> partnerTypes,
        IReadOnlyList<TechnologyGroup> technology,
        IReadOnlyList<NamedCode> cooperationTypes,
        IReadOnlyList<NamedCode> institutes,
        IReadOnlyList<NamedCode> organizations)
    {
        Countries = countries;
        PartnerTypes = partnerTypes;
        Technology = technology;
        CooperationTypes = cooperationTypes;
        Institutes = institutes;
        _countries = countries.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _partnerTypes = partnerTypes.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _technologies = technology.SelectMany(g => g.Leaves.Prepend(g.Area)).ToDictionary(c => c.Code, StringComparer.Ordinal);
        _cooperationTypes = cooperationTypes.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _organizations = organizations.ToDictionary(c => c.Code, StringComparer.Ordinal);
        CodeBook = new PartnerCodeBook(
            _countries.Keys.ToHashSet(StringComparer.Ordinal),
            _partnerTypes.Keys.ToHashSet(StringComparer.Ordinal),
            technology.SelectMany(g => g.Leaves).Select(l => l.Code).ToHashSet(StringComparer.Ordinal),
            _cooperationTypes.Keys.ToHashSet(StringComparer.Ordinal),
            institutes.Select(i => i.Code).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Countries by English name.</summary>
    public IReadOnlyList<NamedCode> Countries { get; }

    public IReadOnlyList<NamedCode> PartnerTypes { get; }

    /// <summary>Top-level areas with their leaves, in taxonomy order (leaves only: partners carry leaves).</summary>
    public IReadOnlyList<TechnologyGroup> Technology { get; }

    public IReadOnlyList<NamedCode> CooperationTypes { get; }

    /// <summary>The consortium's institutes (what linked_institutes may name).</summary>
    public IReadOnlyList<NamedCode> Institutes { get; }

    public PartnerCodeBook CodeBook { get; }

    public NamedCode Country(string code) => Named(_countries, code);

    public NamedCode PartnerType(string code) => Named(_partnerTypes, code);

    public NamedCode TechnologyArea(string code) => Named(_technologies, code);

    public NamedCode CooperationType(string code) => Named(_cooperationTypes, code);

    public NamedCode Organization(string code) => Named(_organizations, code);

    /// <summary>The leaf itself, or every leaf of a top-level area; empty for an unknown code.</summary>
    public IReadOnlyList<string> LeavesOf(string code)
    {
        if (CodeBook.TechnologyLeaves.Contains(code))
        {
            return [code];
        }

        return Technology.FirstOrDefault(g => g.Area.Code == code)?.Leaves.Select(l => l.Code).ToList() ?? [];
    }

    private static NamedCode Named(Dictionary<string, NamedCode> names, string code) =>
        names.TryGetValue(code, out var named) ? named : new NamedCode(code, code, code);

    internal static async Task<PartnerReference> LoadAsync(ConsortiumDbContext db, CancellationToken cancellationToken)
    {
        // One round trip for all five lists (fixed SQL, no input; column names snake_case as the model's convention maps them).
        const string sql = """
            SELECT 0 AS kind, code::text AS code, NULL::text AS parent_code, name_ko, name_en, 0 AS sort_order FROM countries
            UNION ALL SELECT 1, code, NULL, name_ko, name_en, sort_order FROM partner_types
            UNION ALL SELECT 2, code, parent_code, name_ko, name_en, sort_order FROM technology_areas
            UNION ALL SELECT 3, code, NULL, name_ko, name_en, sort_order FROM cooperation_types
            UNION ALL SELECT CASE WHEN kind = 'Institute' THEN 4 ELSE 5 END, code, NULL, name_ko, name_en, sort_order FROM organizations
            """;
        var rows = await db.Database.SqlQueryRaw<ReferenceRow>(sql).ToListAsync(cancellationToken);

        List<NamedCode> Of(int kind) => [.. rows.Where(r => r.Kind == kind).OrderBy(r => r.SortOrder).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new NamedCode(r.Code, r.NameKo, r.NameEn))];

        var areas = rows.Where(r => r.Kind == 2).OrderBy(r => r.SortOrder).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var technology = areas.Where(a => a.ParentCode is null)
            .Select(a => new TechnologyGroup(new NamedCode(a.Code, a.NameKo, a.NameEn),
                [.. areas.Where(l => l.ParentCode == a.Code).Select(l => new NamedCode(l.Code, l.NameKo, l.NameEn))]))
            .Where(g => g.Leaves.Count > 0)
            .ToList();
        var countries = rows.Where(r => r.Kind == 0).OrderBy(r => r.NameEn, StringComparer.Ordinal).Select(r => new NamedCode(r.Code, r.NameKo, r.NameEn)).ToList();
        var institutes = Of(4);
        return new PartnerReference(countries, Of(1), technology, Of(3), institutes, [.. institutes, .. Of(5)]);
    }

    internal sealed class ReferenceRow
    {
        public int Kind { get; set; }

        public string Code { get; set; } = "";

        public string? ParentCode { get; set; }

        public string NameKo { get; set; } = "";

        public string NameEn { get; set; } = "";

        public int SortOrder { get; set; }
    }
}
