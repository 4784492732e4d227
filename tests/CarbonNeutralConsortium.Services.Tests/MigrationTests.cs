using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Seed;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>
/// The migrations against an empty database. The class fixture is there so that the run-wide template exists
/// (and its clean-up of stale databases has finished) before this class creates databases of its own.
/// </summary>
public class MigrationTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task All_migrations_apply_to_an_empty_database_and_the_model_has_no_pending_changes()
    {
        var name = await TestDatabase.CreateEmptyAsync();
        try
        {
            await using var provider = TestServices.Build(TestDatabase.ConnectionStringFor(name));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            Assert.NotEmpty(migrations);
            Assert.Equal(migrations, await db.Database.GetPendingMigrationsAsync());

            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "The model differs from the last migration: add a migration.");

            // The schema is usable: every mapped table can be queried.
            Assert.Equal(0, await db.Companies.CountAsync());
            Assert.Equal(0, await db.Users.CountAsync());
            Assert.Equal(0, await db.EmailOutbox.CountAsync());
            Assert.Equal(0, await db.Organizations.CountAsync());
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }

    /// <summary>An installation with data upgrades: each migration applies on top of the previous one with rows in the tables.</summary>
    [Fact]
    public async Task Each_migration_applies_to_a_database_that_already_holds_data_of_the_previous_one()
    {
        var name = await TestDatabase.CreateEmptyAsync();
        try
        {
            await using var provider = TestServices.Build(TestDatabase.ConnectionStringFor(name));
            await provider.InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<ConsortiumDbContext>();
                var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
                var migrations = db.Database.GetMigrations().ToList();
                await migrator.MigrateAsync(migrations[0]);
                await sp.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
                // A company as the first migration's schema holds it (the current model has more columns).
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO companies (id, business_registration_number, name_ko, size, sector_code, registered_at)
                    VALUES ({Guid.CreateVersion7()}, {BusinessNumbers.NewValid()}, '업그레이드(주)', 'Small', 'PETROCHEMICAL', now())
                    """);

                foreach (var migration in migrations.Skip(1))
                {
                    await migrator.MigrateAsync(migration);
                }

                db.ChangeTracker.Clear();
                var company = await db.Companies.AsNoTracking().SingleAsync();
                Assert.Equal("업그레이드(주)", company.NameKo);
                Assert.Empty(company.TechnologyCodes);
            });
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }

    [Fact]
    public async Task The_database_initializer_migrates_and_seeds_an_empty_database_and_a_second_run_does_nothing()
    {
        var name = await TestDatabase.CreateEmptyAsync();
        try
        {
            await using var provider = TestServices.Build(TestDatabase.ConnectionStringFor(name));
            var file = ReferenceDataFile.Load();

            var (applied, seeded) = await provider.InScopeAsync(sp => sp.GetRequiredService<DatabaseInitializer>().MigrateAndSeedAsync());

            Assert.NotEmpty(applied);
            Assert.Equal(new SeedReport(
                file.Organizations.Count, file.Sectors.Count, file.TechnologyTaxonomy.Count, file.Countries.Count,
                file.CooperationTypes.Count + file.PartnerTypes.Count, 3), seeded);

            var (appliedAgain, seededAgain) = await provider.InScopeAsync(sp => sp.GetRequiredService<DatabaseInitializer>().MigrateAndSeedAsync());

            Assert.Empty(appliedAgain);
            Assert.Equal(0, seededAgain.Total);
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }

    [Fact]
    public async Task The_class_database_is_cloned_from_a_fully_migrated_template()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task The_unique_index_on_business_registration_numbers_and_the_check_constraints_exist()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();

        await using var index = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'companies' AND indexname = 'ux_companies_business_registration_number'", connection);
        var definition = (string?)await index.ExecuteScalarAsync();
        Assert.NotNull(definition);
        Assert.Contains("UNIQUE", definition, StringComparison.Ordinal);

        await using var constraints = new NpgsqlCommand(
            "SELECT count(*) FROM pg_constraint WHERE conname IN ('ck_companies_brn_digits', 'ck_users_company_or_organization')", connection);
        Assert.Equal(2L, (long)(await constraints.ExecuteScalarAsync())!);
    }
}
