using CarbonNeutralConsortium.Services.Generation;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using static CarbonNeutralConsortium.Services.Tests.Generation.GeneratedData;

namespace CarbonNeutralConsortium.Services.Tests.Generation;

/// <summary>What a run does to the database: the same rows for the same seed, refusal of a database with data, replacement.</summary>
public sealed class GenerationRunTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static GenerationOptions Options(long seed, bool replace = false, GeneratorScale? scale = null) => new(scale ?? TestScale, seed, AsOf, null, replace);

    [Fact]
    public async Task The_same_seed_gives_identical_tables_in_two_databases_and_another_seed_does_not()
    {
        var names = new[] { await TestDatabase.CreateAsync(), await TestDatabase.CreateAsync(), await TestDatabase.CreateAsync() };
        try
        {
            var sums = new List<Dictionary<string, string>>();
            foreach (var (name, seed) in names.Zip(new long[] { 7, 7, 8 }))
            {
                await using var provider = TestServices.Build(TestDatabase.ConnectionStringFor(name));
                await GenerateAsync(provider, Options(seed));
                sums.Add(await ChecksumsAsync(TestDatabase.ConnectionStringFor(name)));
            }

            Assert.Equal(sums[0], sums[1]);
            Assert.All(sums[0].Keys.Where(t => t is not "user_roles"), table => Assert.NotEqual(sums[0][table], sums[2][table]));
        }
        finally
        {
            foreach (var name in names)
            {
                await TestDatabase.DropAsync(name);
            }
        }
    }

    [Fact]
    public async Task A_database_with_data_is_refused_without_replace_and_replaced_with_it()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var small = new GeneratorScale("smaller", 30, 200, 60, 500);
        await GenerateAsync(provider, Options(3, scale: small));
        var before = await ChecksumsAsync(fixture.ConnectionString);

        var refused = await Assert.ThrowsAsync<GenerationRefusedException>(() => GenerateAsync(provider, Options(4)));
        Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ChecksumsAsync(fixture.ConnectionString));

        await GenerateAsync(provider, Options(4, replace: true));
        Assert.Equal(TestScale.Requests, await ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM partnership_requests"));
        Assert.Equal(TestScale.Companies + 7, await ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM users"));
        Assert.Equal(0, await ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM pg_class WHERE relname = 'cnc_generate_restore'"));
    }

    [Fact]
    public async Task The_benchmarks_partner_generator_appends_the_same_partners_for_the_same_seed()
    {
        var names = new[] { await TestDatabase.CreateAsync(), await TestDatabase.CreateAsync() };
        try
        {
            var sums = new List<string>();
            foreach (var name in names)
            {
                await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionStringFor(name));
                await connection.OpenAsync();
                var generator = new PartnerGenerator(Services.Matching.MatchingVocabularies.FromReferenceData().Vocabulary, 9);
                Assert.Equal(500, await generator.CopyAsync(connection, 500, default));
                sums.Add(await ScalarAsync<string>(TestDatabase.ConnectionStringFor(name), "SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM overseas_partners p"));
                Assert.Equal(500, await ScalarAsync<long>(TestDatabase.ConnectionStringFor(name), "SELECT count(*) FROM overseas_partners WHERE cardinality(search_terms) > 0"));
                var request = generator.Request(new Random(1), 0);
                Assert.NotEmpty(request.TechnologyCodes);
            }

            Assert.Equal(sums[0], sums[1]);
        }
        finally
        {
            foreach (var name in names)
            {
                await TestDatabase.DropAsync(name);
            }
        }
    }

    [Fact]
    public async Task An_interrupted_run_is_refused_without_replace_and_repaired_with_it()
    {
        var name = await TestDatabase.CreateAsync();
        var fresh = await TestDatabase.CreateAsync();
        try
        {
            var connectionString = TestDatabase.ConnectionStringFor(name);
            await using var provider = TestServices.Build(connectionString);

            // What a run leaves when it dies mid-load: the definitions recorded, the keys, indexes and foreign keys gone.
            await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                var objects = await BulkSchema.CaptureAsync(connection, pending: false, default);
                Assert.Contains(objects, o => o.Name == "pk_matches");
                await BulkSchema.DropAsync(connection, objects, pending: false, default);
            }

            var refused = await Assert.ThrowsAsync<GenerationRefusedException>(() => GenerateAsync(provider, Options(5)));
            Assert.Contains("interrupted", refused.Message, StringComparison.Ordinal);

            await GenerateAsync(provider, Options(5, replace: true));
            const string schema = """
                SELECT string_agg(name, ',' ORDER BY name) FROM (
                    SELECT conname AS name FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND convalidated
                    UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public'
                    UNION ALL SELECT tgname || ':' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal) AS o
                """;
            Assert.Equal(await ScalarAsync<string>(TestDatabase.ConnectionStringFor(fresh), schema), await ScalarAsync<string>(connectionString, schema));
            Assert.Equal(TestScale.Matches, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM matches"));
        }
        finally
        {
            await TestDatabase.DropAsync(name);
            await TestDatabase.DropAsync(fresh);
        }
    }

    [Fact]
    public async Task A_short_password_is_refused_before_anything_is_written()
    {
        var name = await TestDatabase.CreateAsync();
        try
        {
            await using var provider = TestServices.Build(TestDatabase.ConnectionStringFor(name));
            var refused = await Assert.ThrowsAsync<GenerationRefusedException>(() =>
                GenerateAsync(provider, new GenerationOptions(TestScale, 1, AsOf, "too-short", false)));
            Assert.Contains("12", refused.Message, StringComparison.Ordinal);
            Assert.Equal(0, await ScalarAsync<long>(TestDatabase.ConnectionStringFor(name), "SELECT count(*) FROM companies"));
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }
}
