using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Tests.Matching;

/// <summary>
/// The in-memory index of retrieval follows the profiles table: at once for this process's own saves, at the next
/// refresh for another instance's, never missing a transaction that commits late, and reading everything after a
/// TRUNCATE. Two service providers on one database stand for two app instances (each has its own index).
/// </summary>
public sealed class PartnerProfileIndexTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_word_hashes_as_PostgreSQL_s_hashtext_whatever_its_script_and_length()
    {
        string[] words = ["", "a", "co2", "catalyst", "메탄", "전력반도체", "abcdefghijkl", "abcdefghijklm", "thirteen chars!!", "ünïcödé", "🚗 electric", new string('x', 300),
            "이산화탄소 포집 활용 저장 기술 개발 협력 파트너"];
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT hashtext(w) FROM unnest(@words) WITH ORDINALITY AS t(w, i) ORDER BY i", connection);
        command.Parameters.AddWithValue("words", words);
        var expected = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                expected.Add(reader.GetInt32(0));
            }
        }

        Assert.Equal(expected, words.Select(PgHash.HashText));
    }

    [Fact]
    public async Task A_partner_this_process_saves_or_deactivates_is_retrieved_or_dropped_by_the_very_next_ranking()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var request = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["PROC.HEAT"], word + " furnace", [word]);
        Assert.NotNull(await MatchingTestData.RankAsync(provider, request, MatchingTestData.Krict));

        var partner = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Saved Here Lab", ["PROC.HEAT"], keywords: [word]));
        Assert.Contains((await MatchingTestData.RankAsync(provider, request, MatchingTestData.Krict))!.Ranked, r => r.PartnerId == partner);

        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            (await db.OverseasPartners.SingleAsync(p => p.Id == partner)).Deactivate(TimeProvider.System);
            return await db.SaveChangesAsync();
        });
        Assert.Null(provider.GetRequiredService<PartnerProfileIndex>().TermHashesOf(partner));
        Assert.DoesNotContain((await MatchingTestData.RankAsync(provider, request, MatchingTestData.Krict))!.Ranked, r => r.PartnerId == partner);
    }

    [Fact]
    public async Task Another_instance_s_changes_are_read_by_the_next_refresh_and_only_the_changed_partners_are_read()
    {
        await using var here = TestServices.Build(fixture.ConnectionString);
        await using var there = TestServices.Build(fixture.ConnectionString);
        var index = here.GetRequiredService<PartnerProfileIndex>();
        var word = MatchingTestData.Token();
        await RefreshAsync(here);

        var partner = await MatchingTestData.AddOneAsync(there, MatchingTestData.Partner("Elsewhere Lab", ["PROC.HEAT"], keywords: [word]));
        Assert.Null(index.TermHashesOf(partner));

        Assert.Equal(1, await RefreshAsync(here));
        Assert.Contains(PgHash.HashText(word), index.TermHashesOf(partner)!);
        Assert.Equal(0, await RefreshAsync(here));

        // A change of a field retrieval does not weigh (the website) rewrites no profile row: nothing to read.
        await there.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.Where(p => p.Id == partner)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Website, "https://example.org/elsewhere")));
        Assert.Equal(0, await RefreshAsync(here));

        // Hand-written SQL is read too (the triggers log it, not the app).
        await there.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.Where(p => p.Id == partner)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));
        Assert.Equal(1, await RefreshAsync(here));
        Assert.Null(index.TermHashesOf(partner));
    }

    [Fact]
    public async Task A_transaction_that_commits_after_a_refresh_that_could_not_see_it_is_read_by_the_next_one()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var index = provider.GetRequiredService<PartnerProfileIndex>();
        var (early, late) = (MatchingTestData.Token(), MatchingTestData.Token());
        var partner = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Late Commit Lab", ["PROC.HEAT"], keywords: [early]));
        await RefreshAsync(provider);

        // The slow transaction changes the partner first (its id is older)...
        await using var slow = new NpgsqlConnection(fixture.ConnectionString);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE overseas_partners SET keywords = @k, search_terms = search_terms || @k WHERE id = @id", slow, transaction))
        {
            update.Parameters.AddWithValue("k", new[] { late });
            update.Parameters.AddWithValue("id", partner);
            await update.ExecuteNonQueryAsync();
        }

        // ...a quicker one commits a change after it, and the index reads that one while the first is still open.
        var other = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Quick Commit Lab", ["PROC.HEAT"], keywords: [early]));
        await RefreshAsync(provider);
        Assert.NotNull(index.TermHashesOf(other));
        Assert.DoesNotContain(PgHash.HashText(late), index.TermHashesOf(partner)!);

        await transaction.CommitAsync();
        Assert.Equal(1, await RefreshAsync(provider));
        Assert.Contains(PgHash.HashText(late), index.TermHashesOf(partner)!);
    }

    [Fact]
    public async Task After_the_profiles_are_rebuilt_in_bulk_the_index_reads_every_partner_again_and_old_changes_are_pruned()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var index = provider.GetRequiredService<PartnerProfileIndex>();
        await MatchingTestData.AddAsync(provider, MatchingTestData.Partner("Bulk One", ["PROC.HEAT"]), MatchingTestData.Partner("Bulk Two", ["PROC.STEEL"]));
        await RefreshAsync(provider);
        var partners = index.Count;

        // The generator's way: TRUNCATE and INSERT in one transaction (the change log gets one marker, not a row a partner).
        var before = await ScalarAsync("SELECT count(*) FROM partner_profile_changes");
        await ScalarAsync("SELECT refresh_partner_match_profiles()");
        Assert.Equal(before + 1, await ScalarAsync("SELECT count(*) FROM partner_profile_changes"));
        Assert.Equal(partners, await RefreshAsync(provider));

        await ScalarAsync("INSERT INTO partner_profile_changes (partner_id, changed_at) VALUES (gen_random_uuid(), now() - interval '2 days') RETURNING 1");
        Assert.Equal(1, await provider.InScopeAsync(sp => PartnerProfileIndex.PruneAsync(sp.GetRequiredService<ConsortiumDbContext>(), DateTimeOffset.UtcNow, default)));
    }

    private static Task<int> RefreshAsync(IServiceProvider provider) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<PartnerProfileIndex>().RefreshAsync(sp.GetRequiredService<ConsortiumDbContext>(), default));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
