using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Data.Seed;

/// <summary>What one seeding run inserted. A second run on the same database inserts nothing.</summary>
public sealed record SeedReport(int Organizations, int Sectors, int TechnologyAreas, int Countries, int Vocabulary, int Roles)
{
    public int Total => Organizations + Sectors + TechnologyAreas + Countries + Vocabulary + Roles;
}

/// <summary>
/// Inserts the reference data that is missing, and nothing else: rows that exist are left as they are, so names
/// and links an admin edited survive every later run.
/// </summary>
public sealed class ReferenceDataSeeder(ConsortiumDbContext db, RoleManager<IdentityRole<Guid>> roles)
{
    public async Task<SeedReport> SeedAsync(CancellationToken cancellationToken = default)
    {
        var data = ReferenceDataFile.Load();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var organizations = await AddMissingAsync(db.Organizations, data.Organizations.Select((o, i) =>
            new Organization(o.Code, o.Kind == "coordinator" ? OrganizationKind.Coordinator : OrganizationKind.Institute, o.NameKo, o.NameEn, i)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var sectors = await AddMissingAsync(db.Sectors, data.Sectors.Select((s, i) => new Sector(s.Code, s.NameKo, s.NameEn, s.Lead, i)), cancellationToken);

        // Codes an admin deleted stay deleted (and so do the codes of a deleted area).
        var deleted = await DeletedTechnologyCodesAsync(cancellationToken);
        var areas = data.TechnologyTaxonomy.Where(t => !deleted.Contains(t.Code) && (t.Parent is null || !deleted.Contains(t.Parent))).Select((t, i) =>
        {
            var area = new TechnologyArea(t.Code, t.Parent, t.NameKo, t.NameEn, i);
            foreach (var expert in t.Experts ?? [])
            {
                area.AddExpert(expert);
            }

            return area;
        });
        var technology = await AddMissingAsync(db.TechnologyAreas, areas, cancellationToken);

        var countries = await AddMissingAsync(db.Countries, data.Countries.Select(c => new Country(c.Alpha2, c.Alpha3, c.Numeric, c.NameKo, c.NameEn)), cancellationToken);
        var vocabulary = await AddMissingAsync(db.CooperationTypes, data.CooperationTypes.Select((c, i) => new CooperationType(c.Code, c.NameKo, c.NameEn, i)), cancellationToken)
            + await AddMissingAsync(db.PartnerTypes, data.PartnerTypes.Select((p, i) => new PartnerType(p.Code, p.NameKo, p.NameEn, i)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var addedRoles = 0;
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join(", ", result.Errors.Select(e => e.Code))}");
                }

                addedRoles++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new SeedReport(organizations, sectors, technology, countries, vocabulary, addedRoles);
    }

    private static async Task<int> AddMissingAsync<T>(DbSet<T> set, IEnumerable<T> items, CancellationToken cancellationToken)
        where T : ReferenceItem
    {
        var existing = (await set.AsNoTracking().Select(e => e.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var missing = items.Where(i => !existing.Contains(i.Code)).ToList();
        set.AddRange(missing);
        return missing.Count;
    }

    /// <summary>The technology codes an admin deleted; none in a database migrated only to before the table existed (upgrade tests seed such schemas).</summary>
    private async Task<HashSet<string>> DeletedTechnologyCodesAsync(CancellationToken cancellationToken)
    {
        var exists = await db.Database.SqlQueryRaw<bool>("SELECT to_regclass('deleted_technology_codes') IS NOT NULL AS \"Value\"").SingleAsync(cancellationToken);
        return exists
            ? (await db.DeletedTechnologyCodes.AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : [];
    }
}
