using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.ReferenceData;

public sealed record CodeName(string Code, string NameKo, string NameEn) : IBilingualName;

public sealed record TechnologyAreaView(string Code, string? ParentCode, string NameKo, string NameEn) : IBilingualName;

public sealed record OrganizationView(
    string Code,
    OrganizationKind Kind,
    string NameKo,
    string NameEn,
    IReadOnlyList<CodeName> LeadSectors,
    IReadOnlyList<TechnologyAreaView> Expertise) : IBilingualName;

/// <summary>Read-only views of reference data for pages (no tracking, projected).</summary>
public sealed class ReferenceQueries(ConsortiumDbContext db)
{
    public async Task<IReadOnlyList<CodeName>> GetSectorsAsync(CancellationToken cancellationToken = default) =>
        await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).Select(s => new CodeName(s.Code, s.NameKo, s.NameEn)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<(CodeName Organization, OrganizationKind Kind)>> GetOrganizationsAsync(CancellationToken cancellationToken = default) =>
        (await db.Organizations.AsNoTracking().OrderBy(o => o.SortOrder).Select(o => new { o.Code, o.NameKo, o.NameEn, o.Kind }).ToListAsync(cancellationToken))
            .Select(o => (new CodeName(o.Code, o.NameKo, o.NameEn), o.Kind))
            .ToList();
}
