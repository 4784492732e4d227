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
    /// <summary>The consortium: each organization with the sectors it leads and its areas of expertise (three queries).</summary>
    public async Task<IReadOnlyList<OrganizationView>> GetConsortiumAsync(CancellationToken cancellationToken = default)
    {
        var organizations = await db.Organizations.AsNoTracking()
            .OrderBy(o => o.SortOrder)
            .Select(o => new { o.Code, o.Kind, o.NameKo, o.NameEn })
            .ToListAsync(cancellationToken);
        var sectors = await db.Sectors.AsNoTracking()
            .OrderBy(s => s.SortOrder)
            .Select(s => new { s.LeadOrganizationCode, Sector = new CodeName(s.Code, s.NameKo, s.NameEn) })
            .ToListAsync(cancellationToken);
        var expertise = await (
                from e in db.TechnologyAreaExperts.AsNoTracking()
                join a in db.TechnologyAreas.AsNoTracking() on e.TechnologyAreaCode equals a.Code
                orderby a.SortOrder
                select new { e.OrganizationCode, Area = new TechnologyAreaView(a.Code, a.ParentCode, a.NameKo, a.NameEn) })
            .ToListAsync(cancellationToken);

        return organizations.Select(o => new OrganizationView(
                o.Code,
                o.Kind,
                o.NameKo,
                o.NameEn,
                sectors.Where(s => s.LeadOrganizationCode == o.Code).Select(s => s.Sector).ToList(),
                expertise.Where(e => e.OrganizationCode == o.Code).Select(e => e.Area).ToList()))
            .ToList();
    }

    public async Task<IReadOnlyList<CodeName>> GetSectorsAsync(CancellationToken cancellationToken = default) =>
        await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).Select(s => new CodeName(s.Code, s.NameKo, s.NameEn)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<(CodeName Organization, OrganizationKind Kind)>> GetOrganizationsAsync(CancellationToken cancellationToken = default) =>
        (await db.Organizations.AsNoTracking().OrderBy(o => o.SortOrder).Select(o => new { o.Code, o.NameKo, o.NameEn, o.Kind }).ToListAsync(cancellationToken))
            .Select(o => (new CodeName(o.Code, o.NameKo, o.NameEn), o.Kind))
            .ToList();
}
