using CarbonNeutralConsortium.Services.Data.Seed;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Data;

/// <summary>Applies pending migrations, then seeds reference data and roles (what `cnc migrate` does).</summary>
public sealed class DatabaseInitializer(ConsortiumDbContext db, ReferenceDataSeeder seeder)
{
    public async Task<(IReadOnlyList<string> AppliedMigrations, SeedReport Seeded)> MigrateAndSeedAsync(CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        var seeded = await seeder.SeedAsync(cancellationToken);
        await FillMissingPartnerSearchTermsAsync(cancellationToken);
        return (pending, seeded);
    }

    /// <summary>Partners stored before search terms existed get them (in batches; a no-op once done).</summary>
    private async Task FillMissingPartnerSearchTermsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await db.OverseasPartners.Where(p => p.SearchTerms.Count == 0).OrderBy(p => p.Id).Take(500).ToListAsync(cancellationToken);
            var changed = batch.Count(p => p.RefreshSearchTerms());
            if (changed == 0)
            {
                db.ChangeTracker.Clear();
                return;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
