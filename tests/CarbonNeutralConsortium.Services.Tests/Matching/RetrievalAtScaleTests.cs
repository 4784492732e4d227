using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Matching;

/// <summary>
/// Retrieval when more partners share a leaf than it keeps (the national registry: 10,000+ on a popular leaf): the
/// trigger-kept profiles it orders them by, and that the ranking it gives is the engine's ranking over every partner.
/// Each test keeps to its own technology leaves (the class shares one database).
/// </summary>
public sealed class RetrievalAtScaleTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly Actor Krict = MatchingTestData.Krict;

    [Fact]
    public async Task A_partner_s_profile_rows_follow_its_edits_deactivation_and_deletion()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var id = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Profile Lab", ["PROC.CEMENT", "PROC.STEEL"], "DE", ["clinker"],
            type: "company", cooperation: ["joint_research"], trlMin: 3, trlMax: 6, linked: ["KRICT"]));

        var rows = await ProfilesAsync(provider, id);
        Assert.Equal(["PROC.CEMENT", "PROC.STEEL"], rows.Select(r => r.TechnologyCode));
        Assert.All(rows, r =>
        {
            Assert.Equal(("DE", "company", (short?)3, (short?)6), (r.CountryCode, r.PartnerTypeCode, r.TrlMin, r.TrlMax));
            Assert.Equal(["joint_research"], r.CooperationTypes);
            Assert.Equal(["KRICT"], r.LinkedInstitutes);
            Assert.Equal(["PROC.CEMENT", "PROC.STEEL"], r.TechnologyCodes);
            Assert.NotEmpty(r.TermHashes);
            Assert.Equal((0, 0), (r.AcceptedMatches, r.Agreements));
        });

        // An edit of what retrieval weighs rewrites the rows; an edit of anything else leaves them.
        await EditAsync(provider, id, p => p.Update(p.ToData() with { TechnologyCodes = ["PROC.HEAT"], CountryCode = "FR", TrlMin = null }, TimeProvider.System));
        rows = await ProfilesAsync(provider, id);
        Assert.Equal(("PROC.HEAT", "FR", (short?)null), (rows.Single().TechnologyCode, rows.Single().CountryCode, rows.Single().TrlMin));
        var hashes = rows.Single().TermHashes;
        await EditAsync(provider, id, p => p.Update(p.ToData() with { Website = "https://example.org/profile-lab" }, TimeProvider.System));
        Assert.Equal(hashes, (await ProfilesAsync(provider, id)).Single().TermHashes);
        await EditAsync(provider, id, p => p.Update(p.ToData() with { Keywords = ["clinker", "kiln"] }, TimeProvider.System));
        Assert.Equal(hashes.Count + 1, (await ProfilesAsync(provider, id)).Single().TermHashes.Count);

        // Inactive partners have no rows (retrieval never brings them); reactivated, they are back.
        await EditAsync(provider, id, p => p.Deactivate(TimeProvider.System));
        Assert.Empty(await ProfilesAsync(provider, id));
        await EditAsync(provider, id, p => p.Reactivate(TimeProvider.System));
        Assert.Single(await ProfilesAsync(provider, id));

        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.Where(p => p.Id == id).ExecuteDeleteAsync());
        Assert.Empty(await ProfilesAsync(provider, id));
    }

    [Fact]
    public async Task A_profile_s_track_record_follows_the_partner_s_matches_and_equals_a_full_refresh()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var partner = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Track Lab", ["PROC.CRACKING"]));
        var requests = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            requests.Add(await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Matching));
        }

        var matches = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var created = requests.Select(r => Match.Propose(r, partner, 70, 1, "test", [], null, Krict, TimeProvider.System)).ToList();
            db.Matches.AddRange(created);
            await db.SaveChangesAsync();
            return created.Select(m => m.Id).ToList();
        });
        Assert.Equal((0, 0), await TrackRecordAsync(provider, partner));

        var company = RequestFixtures.ActorOf(member);
        await MoveAsync(provider, matches[0], m => m.AcceptBySme(company, TimeProvider.System));
        await MoveAsync(provider, matches[1], m => m.AcceptBySme(company, TimeProvider.System));
        await MoveAsync(provider, matches[2], m => m.DeclineBySme(company, SmeDeclineReason.CostOrBudget, null, TimeProvider.System));
        Assert.Equal((2, 0), await TrackRecordAsync(provider, partner));

        await MoveAsync(provider, matches[1], m =>
        {
            m.MarkPartnerContacted(Krict, TimeProvider.System);
            m.RecordPartnerResponse(Krict, true, null, TimeProvider.System);
            m.RecordAgreement(Krict, AgreementKind.Mou, null, TimeProvider.System);
        });
        Assert.Equal((2, 1), await TrackRecordAsync(provider, partner));

        // A deleted request takes its matches (cascade) and their count with it.
        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == requests[0]).ExecuteDeleteAsync());
        Assert.Equal((1, 1), await TrackRecordAsync(provider, partner));

        // The triggers' running counts are what a full recount gives.
        var before = await AllProfilesAsync(provider);
        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Database.ExecuteSqlRawAsync("SELECT refresh_partner_match_profiles()"));
        var after = await AllProfilesAsync(provider);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_partner_edit_and_a_match_change_at_the_same_time_both_count(bool editFirst)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var partner = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Race Lab", ["PROC.HEAT"], keywords: ["furnace"]));
        var request = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Matching);
        var match = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var proposed = Match.Propose(request, partner, 70, 1, "test", [], null, Krict, TimeProvider.System);
            db.Matches.Add(proposed);
            await db.SaveChangesAsync();
            return proposed.Id;
        });

        // Two sessions: one edits the partner (its profile rows are rewritten and recounted), the other records the
        // company's acceptance of the match (its profile rows get +1). The second waits for the first to commit.
        await using var edit = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await using var accept = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await edit.OpenAsync();
        await accept.OpenAsync();
        await using var editTransaction = await edit.BeginTransactionAsync();
        await using var acceptTransaction = await accept.BeginTransactionAsync();
        async Task Edit() => await Execute(edit, editTransaction,
            $"UPDATE overseas_partners SET keywords = keywords || 'kiln'::text, search_terms = search_terms || 'kiln'::text WHERE id = '{partner}'");
        async Task Accept() => await Execute(accept, acceptTransaction, $"UPDATE matches SET status = 'AcceptedBySme' WHERE id = '{match}'");
        var (first, firstTransaction, second, secondConnection) = editFirst
            ? (Edit(), editTransaction, (Func<Task>)Accept, accept)
            : (Accept(), acceptTransaction, Edit, edit);
        await first;
        var waiting = second();
        await WaitUntilBlockedAsync(fixture.ConnectionString, secondConnection.ProcessID);
        await firstTransaction.CommitAsync();
        await waiting;
        await (editFirst ? acceptTransaction : editTransaction).CommitAsync();

        Assert.Equal((1, 0), await TrackRecordAsync(provider, partner));
        Assert.Contains(Hash("kiln"), (await ProfilesAsync(provider, partner)).Single().TermHashes);
    }

    private static async Task Execute(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Until the backend waits for a lock (the other session's), or 10 s.</summary>
    private static async Task WaitUntilBlockedAsync(string connectionString, int pid)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 200; i++)
        {
            await using var command = new Npgsql.NpgsqlCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = @pid", connection);
            command.Parameters.AddWithValue("pid", pid);
            if (await command.ExecuteScalarAsync() is true)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The second session never waited for the first.");
    }

    private int Hash(string term)
    {
        using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT hashtext(@term)", connection);
        command.Parameters.AddWithValue("term", term);
        return (int)command.ExecuteScalar()!;
    }

    public static TheoryData<string[]> Leaves => [["EFF.MACHINERY"], ["EFF.MOTOR", "EFF.EMS"]];

    [Theory]
    [MemberData(nameof(Leaves))]
    public async Task Retrieval_keeps_the_engine_s_best_20_when_more_partners_than_it_keeps_share_the_leaf(string[] leaves)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var request = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, leaves, word + " drive", [word],
            preferredCountries: ["DE", "JP"], excluded: ["CN"], cooperation: "joint_research", trlCurrent: 4, trlTarget: 6);

        // 380 partners, then (stored later: the larger ids) 100 more, all with random fields: more pass the hard filters
        // than retrieval keeps (300), so only an estimate close to the engine's score brings the best of them, whenever
        // they were stored.
        var random = new Random(20261125 + leaves.Length);
        var siblings = leaves.Length == 1 ? new[] { "EFF.MOTOR" } : ["EFF.MACHINERY"];
        var first = await MatchingTestData.AddAsync(provider, [.. Enumerable.Range(0, 380).Select(i => RandomPartner(random, i, leaves, siblings, word))]);
        await Task.Delay(20);
        var later = await MatchingTestData.AddAsync(provider, [.. Enumerable.Range(380, 100).Select(i => RandomPartner(random, i, leaves, siblings, word))]);
        await TrackRecordsAsync(provider, member, [.. first.Where((_, i) => i % 11 == 0), .. later.Where((_, i) => i % 7 == 0)], random);

        var run = await MatchingTestData.RankAsync(provider, request, Krict);

        Assert.NotNull(run);
        Assert.InRange(run.Retrieved, MatchingService.RetrievalLimit, MatchingService.RetrievalLimit + 150);
        var everyone = await AllPartnersAsync(provider);
        var best = provider.GetRequiredService<MatchingEngine>().Rank(run.Request, everyone).Take(20).ToList();
        Assert.Equal(best.Select(b => (b.Evaluation.Partner.Id, b.Evaluation.Score)), run.Ranked.Take(20).Select(r => (r.PartnerId.ToString(), r.Evaluation.Score)));
        Assert.Contains(best, b => later.Contains(Guid.Parse(b.Evaluation.Partner.Id)));
    }

    [Fact]
    public async Task A_ranking_with_a_look_up_takes_two_commands_and_reverse_matching_one()
    {
        var logs = new CapturingLoggerProvider();
        await using var provider = TestServices.Build(fixture.ConnectionString, logs: logs);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var request = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["PROC.ELECTRIFICATION"], word, [word]);
        var partner = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Commands Lab " + word, ["PROC.ELECTRIFICATION"]));

        int Commands() => logs.Entries.Count(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.Contains("Executed DbCommand", StringComparison.Ordinal));

        var before = Commands();
        var run = await provider.InScopeAsync(sp => sp.GetRequiredService<MatchingService>().RankAsync(request, Krict, "Commands Lab", default));
        Assert.Equal(2, Commands() - before);
        Assert.NotNull(run);
        Assert.Equal(LookupStanding.Ranked, Assert.Single(run.Lookups!).Standing);
        Assert.Contains(run.Ranked, r => r.PartnerId == partner);

        before = Commands();
        var fits = await provider.InScopeAsync(sp => sp.GetRequiredService<MatchingService>().OpenRequestsForPartnerAsync(partner, Krict, 10, default));
        Assert.Equal(1, Commands() - before);
        Assert.Contains(fits!, f => f.RequestId == request);
    }

    private static OverseasPartnerData RandomPartner(Random random, int i, string[] leaves, string[] siblings, string word)
    {
        string[] countries = ["DE", "JP", "US", "GB", "FR", "CA", "NL", "SE", "IT", "CN"];
        string[] types = ["university", "research_institute", "company", "public_agency", "other"];
        string[] cooperation = ["joint_research", "technology_introduction", "technical_consulting"];
        var codes = new List<string> { leaves[random.Next(leaves.Length)] };
        if (random.NextDouble() < 0.3)
        {
            codes.Add(random.NextDouble() < 0.5 ? leaves[random.Next(leaves.Length)] : siblings[random.Next(siblings.Length)]);
        }

        int? min = random.NextDouble() < 0.15 ? null : random.Next(1, 9);
        int? max = random.NextDouble() < 0.15 ? null : random.Next(min ?? 1, 10);
        return MatchingTestData.Partner($"Scale {i:D3}", [.. codes.Distinct()], countries[random.Next(countries.Length)],
            keywords: random.NextDouble() < 0.5 ? [word] : ["gearbox"], type: types[random.Next(types.Length)],
            cooperation: random.NextDouble() switch
            {
                < 0.4 => [],
                < 0.8 => ["joint_research", .. cooperation.Skip(1).Where(_ => random.NextDouble() < 0.3)],
                _ => [.. cooperation.Skip(1).Where(_ => random.NextDouble() < 0.6)],
            },
            trlMin: min, trlMax: max,
            linked: random.NextDouble() < 0.2 ? [random.NextDouble() < 0.5 ? "KRICT" : "ETRI"] : null);
    }

    /// <summary>Accepted matches (and some agreements) for the partners, on requests of their own.</summary>
    private static async Task TrackRecordsAsync(IServiceProvider provider, RequestFixtures.Member member, IReadOnlyList<Guid> partners, Random random)
    {
        var requests = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            requests.Add(await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Matching));
        }

        var company = RequestFixtures.ActorOf(member);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            foreach (var partner in partners)
            {
                foreach (var request in requests.Take(random.Next(1, 4)))
                {
                    var match = Match.Propose(request, partner, 70, 1, "test", [], null, Krict, TimeProvider.System);
                    match.AcceptBySme(company, TimeProvider.System);
                    if (random.NextDouble() < 0.3)
                    {
                        match.MarkPartnerContacted(Krict, TimeProvider.System);
                        match.RecordPartnerResponse(Krict, true, null, TimeProvider.System);
                        match.RecordAgreement(Krict, AgreementKind.Mou, null, TimeProvider.System);
                    }

                    db.Matches.Add(match);
                }
            }

            await db.SaveChangesAsync();
        });
    }

    private static Task<List<MatchingPartner>> AllPartnersAsync(IServiceProvider provider) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            MatchStatus[] notAccepted = [MatchStatus.Proposed, MatchStatus.DeclinedBySme];
            var rows = await db.OverseasPartners.AsNoTracking().Select(p => new
            {
                Partner = p,
                Accepted = db.Matches.Count(m => m.PartnerId == p.Id && !notAccepted.Contains(m.Status)),
                Agreements = db.Matches.Count(m => m.PartnerId == p.Id && m.Status == MatchStatus.Agreement),
            }).ToListAsync();
            return rows.Select(r => new MatchingPartner(r.Partner.Id.ToString(), r.Partner.Name, r.Partner.NameKo, r.Partner.CountryCode, r.Partner.PartnerTypeCode,
                r.Partner.TechnologyCodes, r.Partner.CooperationTypes, r.Partner.TrlMin, r.Partner.TrlMax, r.Partner.Keywords, r.Partner.Description,
                r.Partner.LinkedInstitutes, r.Partner.IsActive, new PartnerTrackRecord(r.Accepted, r.Agreements))).ToList();
        });

    private static Task<List<PartnerMatchProfile>> ProfilesAsync(IServiceProvider provider, Guid partner) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Set<PartnerMatchProfile>().AsNoTracking()
            .Where(p => p.PartnerId == partner).OrderBy(p => p.TechnologyCode).ToListAsync());

    private static async Task<(int, int)> TrackRecordAsync(IServiceProvider provider, Guid partner)
    {
        var row = (await ProfilesAsync(provider, partner)).Single();
        return (row.AcceptedMatches, row.Agreements);
    }

    private static Task<List<string>> AllProfilesAsync(IServiceProvider provider) =>
        provider.InScopeAsync(async sp => (await sp.GetRequiredService<ConsortiumDbContext>().Set<PartnerMatchProfile>().AsNoTracking().ToListAsync())
            .Select(p => $"{p.PartnerId}|{p.TechnologyCode}|{p.CountryCode}|{p.PartnerTypeCode}|{string.Join(",", p.CooperationTypes)}|{p.TrlMin}|{p.TrlMax}|" +
                $"{string.Join(",", p.LinkedInstitutes)}|{string.Join(",", p.TechnologyCodes)}|{string.Join(",", p.TermHashes.Order())}|{p.AcceptedMatches}|{p.Agreements}")
            .Order(StringComparer.Ordinal).ToList());

    private static Task EditAsync(IServiceProvider provider, Guid id, Action<OverseasPartner> edit) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            edit(await db.OverseasPartners.SingleAsync(p => p.Id == id));
            await db.SaveChangesAsync();
        });

    private static Task MoveAsync(IServiceProvider provider, Guid matchId, Action<Match> move) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            move(await db.Matches.SingleAsync(m => m.Id == matchId));
            await db.SaveChangesAsync();
        });
}
