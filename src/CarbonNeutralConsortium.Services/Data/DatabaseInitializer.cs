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
        return (pending, seeded);
    }
}
