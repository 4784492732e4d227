using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matches;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Matching;

/// <summary>
/// Requests and partners for the matching tests. All tests of a class share one database, so each test keeps to its
/// own technology area and its own made-up words (<see cref="Token"/>): other tests' partners never share them.
/// </summary>
internal static class MatchingTestData
{
    public static readonly Actor Krict = new(Guid.NewGuid(), "코디 KRICT", ActorSide.Institute, "KRICT");
    public static readonly Actor Etri = new(Guid.NewGuid(), "코디 ETRI", ActorSide.Institute, "ETRI");
    public static readonly Actor Kimm = new(Guid.NewGuid(), "코디 KIMM", ActorSide.Institute, "KIMM");
    public static readonly Actor Admin = new(Guid.NewGuid(), "관리자", ActorSide.Agency, "KEIT");

    /// <summary>A word no other test uses (Latin letters and hex digits, one index term).</summary>
    public static string Token() => "zq" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// A request of the test company routed to KRICT (lead) and ETRI, in <paramref name="status"/>, with the given
    /// matching fields (no partner type or cooperation type restriction unless given).
    /// </summary>
    public static async Task<Guid> RequestAsync(IServiceProvider provider, RequestFixtures.Member member, RequestStatus status, string[] technologies, string title,
        string[] keywords, string? summary = null, string[]? excluded = null, string[]? preferredCountries = null, string[]? preferredTypes = null,
        string? cooperation = null, int? trlCurrent = null, int? trlTarget = null)
    {
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, status, title);
        var codes = technologies.ToList();
        var words = keywords.ToList();
        var without = (excluded ?? []).ToList();
        var countries = (preferredCountries ?? []).ToList();
        var types = (preferredTypes ?? []).ToList();
        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Title, title)
            .SetProperty(r => r.PublicSummary, summary)
            .SetProperty(r => r.ConfidentialDetails, (string?)null)
            .SetProperty(r => r.TechnologyCodes, codes)
            .SetProperty(r => r.Keywords, words)
            .SetProperty(r => r.ExcludedCountries, without)
            .SetProperty(r => r.PreferredCountries, countries)
            .SetProperty(r => r.PreferredPartnerTypes, types)
            .SetProperty(r => r.CooperationTypeCode, cooperation)
            .SetProperty(r => r.TrlCurrent, trlCurrent)
            .SetProperty(r => r.TrlTarget, trlTarget)));
        return id;
    }

    public static OverseasPartnerData Partner(string name, string[] technologies, string country = "US", string[]? keywords = null, string? description = null,
        string? nameKo = null, string type = "university", string[]? cooperation = null, int? trlMin = null, int? trlMax = null, string[]? linked = null) =>
        new("P-" + Guid.NewGuid().ToString("N")[..12], name, nameKo, country, type, technologies, cooperation ?? [], trlMin, trlMax, keywords ?? [], description,
            null, null, linked ?? []);

    /// <summary>Stores the partners (in one SaveChanges) and returns their ids in order.</summary>
    public static Task<List<Guid>> AddAsync(IServiceProvider provider, params OverseasPartnerData[] partners) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var entities = partners.Select(p => OverseasPartner.Create(p, "KRICT", TimeProvider.System)).ToList();
            db.OverseasPartners.AddRange(entities);
            await db.SaveChangesAsync();
            return entities.Select(e => e.Id).ToList();
        });

    public static Task<Guid> AddOneAsync(IServiceProvider provider, OverseasPartnerData partner) =>
        AddAsync(provider, partner).ContinueWith(t => t.Result[0], TaskScheduler.Default);

    public static Task<MatchingRun?> RankAsync(IServiceProvider provider, Guid requestId, Actor actor) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<MatchingService>().RankAsync(requestId, actor, default));

    public static Task<List<Match>> MatchesAsync(IServiceProvider provider, Guid requestId) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.AsNoTracking().Where(m => m.RequestId == requestId).ToListAsync());
}

public sealed class MatchingServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly Actor Krict = MatchingTestData.Krict;

    // ---- Retrieval ----

    [Fact]
    public async Task Retrieval_brings_same_leaf_partners_and_same_area_or_other_partners_sharing_a_word_even_korean_but_not_unrelated_inactive_or_excluded_country_ones()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var id = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["CCUS.METHANE"], word + " reformer", ["메탄을", word], excluded: ["RU"]);
        var ids = await MatchingTestData.AddAsync(provider,
            MatchingTestData.Partner("Leaf Lab", ["CCUS.METHANE"]),
            MatchingTestData.Partner("Area Lab", ["CCUS.CONVERSION"], keywords: [word]),
            MatchingTestData.Partner("Chip Lab", ["SEMI.LOWPOWER"], keywords: ["green chip"], description: "Low-power circuits."),
            MatchingTestData.Partner("Korean Word Lab", ["STD.CERT"], keywords: ["메탄"]),
            MatchingTestData.Partner("Excluded Country Lab", ["CCUS.METHANE"], country: "RU", keywords: [word]),
            MatchingTestData.Partner("Inactive Lab", ["CCUS.METHANE"], keywords: [word]),
            MatchingTestData.Partner("Area Without Words", ["CCUS.CAPTURE"], keywords: ["amine"]));
        var (leaf, area, unrelated, korean, excludedCountry, inactive, areaOnly) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            (await db.OverseasPartners.SingleAsync(p => p.Id == inactive)).Deactivate(TimeProvider.System);
            await db.SaveChangesAsync();
        });

        var run = await MatchingTestData.RankAsync(provider, id, Krict);

        Assert.NotNull(run);
        var ranked = run.Ranked.Select(r => r.PartnerId).ToHashSet();
        Assert.Contains(leaf, ranked);
        Assert.Contains(area, ranked);
        Assert.Contains(korean, ranked);
        Assert.DoesNotContain(unrelated, ranked);
        Assert.DoesNotContain(excludedCountry, ranked);
        Assert.DoesNotContain(inactive, ranked);

        // A sibling leaf alone is not enough: a same-area partner needs a word in common with the request too.
        Assert.DoesNotContain(areaOnly, ranked);

        // Nothing the hard filters drop was brought by SQL: inactive and excluded-country partners are never retrieved.
        Assert.Equal(run.Retrieved, run.Ranked.Count);
        var koreanFactor = run.Ranked.Single(r => r.PartnerId == korean).Evaluation.Factors.Single(f => f.Factor == MatchFactorNames.Keywords);
        Assert.Contains("메탄", koreanFactor.ReasonKo, StringComparison.Ordinal);
        Assert.True(koreanFactor.Points > 0);
    }

    [Fact]
    public async Task Retrieval_takes_at_most_300_exact_technology_partners_the_closest_first_plus_same_area_ones_sharing_a_word()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var id = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["MOB.FCEV"], word, [word]);

        // 300 plain exact partners stored first (smaller ids), then 20 that also share the request's word: only the
        // estimate (shared words first) can put the later ones among the 300 retrieved.
        var plain = await MatchingTestData.AddAsync(provider, [.. Enumerable.Range(1, 300).Select(i => MatchingTestData.Partner($"Plain {i}", ["MOB.FCEV"]))]);
        await Task.Delay(20);
        var closer = await MatchingTestData.AddAsync(provider, [.. Enumerable.Range(1, 20).Select(i => MatchingTestData.Partner($"Closer {i}", ["MOB.FCEV"], keywords: [word]))]);
        var siblings = await MatchingTestData.AddAsync(provider,
            [.. Enumerable.Range(1, 5).Select(i => MatchingTestData.Partner($"Sibling {i}", ["MOB.EV"], keywords: [word]))]);
        var siblingsWithoutWords = await MatchingTestData.AddAsync(provider,
            [.. Enumerable.Range(1, 5).Select(i => MatchingTestData.Partner($"Sibling Plain {i}", ["MOB.EV"]))]);

        var run = await MatchingTestData.RankAsync(provider, id, Krict);

        Assert.NotNull(run);
        Assert.Equal(MatchingService.RetrievalLimit + siblings.Count, run.Retrieved);
        var ranked = run.Ranked.Select(r => r.PartnerId).ToHashSet();
        Assert.Equal(run.Retrieved, ranked.Count);
        Assert.All(closer, e => Assert.Contains(e, ranked));
        Assert.Equal(MatchingService.RetrievalLimit - closer.Count, plain.Count(ranked.Contains));
        Assert.All(siblings, e => Assert.Contains(e, ranked));
        Assert.All(siblingsWithoutWords, e => Assert.DoesNotContain(e, ranked));
        Assert.Equal(Enumerable.Range(1, run.Ranked.Count), run.Ranked.Select(r => r.Rank));
    }

    // ---- Ranking ----

    [Fact]
    public async Task Candidates_are_ranked_best_first_with_ties_broken_by_id_and_the_same_on_every_run()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var id = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["ENERGY.PV"], word + " perovskite tandem", [word, "perovskite"],
            preferredCountries: ["DE"], cooperation: "joint_research", trlCurrent: 4, trlTarget: 6);
        var ids = await MatchingTestData.AddAsync(provider,
            MatchingTestData.Partner("Best PV", ["ENERGY.PV"], "DE", [word, "perovskite"], "Perovskite tandem cells.", cooperation: ["joint_research"], trlMin: 3,
                trlMax: 7, linked: ["KRICT"]),
            MatchingTestData.Partner("Exact Only", ["ENERGY.PV"], "US"),
            MatchingTestData.Partner("Same Area", ["ENERGY.WIND"], "US", [word]),
            MatchingTestData.Partner("Twin A", ["ENERGY.PV"], "GB", trlMin: 5, trlMax: 5),
            MatchingTestData.Partner("Twin B", ["ENERGY.PV"], "GB", trlMin: 5, trlMax: 5));
        var (best, exactOnly, sameArea, twinA, twinB) = (ids[0], ids[1], ids[2], ids[3], ids[4]);

        var first = await MatchingTestData.RankAsync(provider, id, Krict);
        var second = await MatchingTestData.RankAsync(provider, id, Krict);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(Enumerable.Range(1, first.Ranked.Count), first.Ranked.Select(r => r.Rank));
        Assert.True(first.Ranked.Zip(first.Ranked.Skip(1)).All(p => p.First.Evaluation.Score >= p.Second.Evaluation.Score), "Scores must not increase down the ranking.");
        int RankOf(Guid partner) => first.Ranked.Single(r => r.PartnerId == partner).Rank;
        Assert.Equal(1, RankOf(best));
        Assert.True(RankOf(twinB) < RankOf(exactOnly) && RankOf(twinA) < RankOf(exactOnly), "A closer TRL ranks the twins above the exact-only partner.");
        Assert.True(RankOf(exactOnly) < RankOf(sameArea), "The exact leaf outranks a sibling leaf with a shared word.");
        Assert.All(first.Ranked.Single(r => r.PartnerId == best).Evaluation.Factors, f => Assert.True(f.Points >= 0));
        Assert.Equal(
            [MatchFactorNames.Technology, MatchFactorNames.Keywords, MatchFactorNames.Country, MatchFactorNames.PartnerType, MatchFactorNames.CooperationType,
             MatchFactorNames.Trl, MatchFactorNames.Network, MatchFactorNames.TrackRecord],
            first.Ranked[0].Evaluation.Factors.Select(f => f.Factor));

        // Twins score the same: the lower id (ordinal) ranks first, adjacent.
        var twins = first.Ranked.Where(r => r.PartnerId == twinA || r.PartnerId == twinB).ToList();
        Assert.Equal(twins[0].Evaluation.Score, twins[1].Evaluation.Score);
        Assert.Equal(twins[0].Rank + 1, twins[1].Rank);
        Assert.True(string.CompareOrdinal(twins[0].PartnerId.ToString(), twins[1].PartnerId.ToString()) < 0);

        Assert.Equal(first.EngineVersion, second.EngineVersion);
        Assert.Equal(
            first.Ranked.Select(r => (r.Rank, r.PartnerId, r.Evaluation.Score, string.Join("|", r.Evaluation.Factors.Select(f => $"{f.Factor}:{f.Points}:{f.ReasonKo}:{f.ReasonEn}")))),
            second.Ranked.Select(r => (r.Rank, r.PartnerId, r.Evaluation.Score, string.Join("|", r.Evaluation.Factors.Select(f => $"{f.Factor}:{f.Points}:{f.ReasonKo}:{f.ReasonEn}")))));
    }

    [Fact]
    public async Task Only_coordinators_of_the_request_s_institutes_and_admins_get_a_ranking()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["CCUS.METHANE"], "scope " + MatchingTestData.Token(), []);
        var draft = await TestRequests.CreateCompleteDraftAsync(provider, member.CompanyId, member.UserId);

        var lead = await MatchingTestData.RankAsync(provider, id, Krict);
        var contributor = await MatchingTestData.RankAsync(provider, id, MatchingTestData.Etri);
        var admin = await MatchingTestData.RankAsync(provider, id, MatchingTestData.Admin);
        var outsider = await MatchingTestData.RankAsync(provider, id, MatchingTestData.Kimm);
        var company = await MatchingTestData.RankAsync(provider, id, RequestFixtures.ActorOf(member) with { OrganizationCode = "KRICT" });
        var ofDraft = await MatchingTestData.RankAsync(provider, draft, Krict);
        var unknown = await MatchingTestData.RankAsync(provider, Guid.NewGuid(), MatchingTestData.Admin);

        Assert.Equal(id, lead?.RequestId);
        Assert.Equal(id, contributor?.RequestId);
        Assert.Equal(id, admin?.RequestId);
        Assert.Null(outsider);
        Assert.Null(company);
        Assert.Null(ofDraft);
        Assert.Null(unknown);
        Assert.Null(await provider.InScopeAsync(sp => sp.GetRequiredService<MatchingService>().LookUpAsync(id, MatchingTestData.Kimm, "Lab", default)));
    }

    // ---- Why not ----

    [Fact]
    public async Task Looking_up_partners_by_name_says_whether_each_is_ranked_excluded_or_not_retrieved_and_why()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var name = "Whynot" + MatchingTestData.Token();
        var id = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["PROC.STEEL"], word + " furnace", [word], excluded: ["CN"]);
        var ids = await MatchingTestData.AddAsync(provider,
            MatchingTestData.Partner(name + " Steel", ["PROC.STEEL"], keywords: [word], nameKo: "한빛제철연구원"),
            MatchingTestData.Partner(name + " Excluded", ["PROC.STEEL"], "CN", [word]),
            MatchingTestData.Partner(name + " Sensors", ["SEMI.SENSOR"], keywords: ["photodiode"]));
        var (ranked, excluded, notRetrieved) = (ids[0], ids[1], ids[2]);
        var service = (IServiceProvider sp) => sp.GetRequiredService<MatchingService>();

        var run = await MatchingTestData.RankAsync(provider, id, Krict);
        var found = await provider.InScopeAsync(sp => service(sp).LookUpAsync(id, Krict, "  " + name.ToUpperInvariant() + " ", default));
        var byKorean = await provider.InScopeAsync(sp => service(sp).LookUpAsync(id, Krict, "한빛제철", default));
        var byExternalId = await provider.InScopeAsync(sp => service(sp).LookUpAsync(id, Krict,
            sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.Where(p => p.Id == notRetrieved).Select(p => p.ExternalId).Single(), default));
        var nothing = await provider.InScopeAsync(sp => service(sp).LookUpAsync(id, Krict, "   ", default));
        var wildcard = await provider.InScopeAsync(sp => service(sp).LookUpAsync(id, Krict, "%", default));

        Assert.NotNull(run);
        Assert.NotNull(found);
        Assert.Equal(3, found.Count);
        var r = found.Single(f => f.PartnerId == ranked);
        Assert.Equal((LookupStanding.Ranked, run.Ranked.Single(c => c.PartnerId == ranked).Rank), (r.Standing, r.Rank!.Value));
        Assert.Equal(r.Rank, r.WouldRank);

        var x = found.Single(f => f.PartnerId == excluded);
        Assert.Equal(LookupStanding.Excluded, x.Standing);
        Assert.Null(x.Rank);
        var exclusion = Assert.Single(x.Evaluation.Exclusions);
        Assert.Equal(ExclusionReason.ExcludedCountry, exclusion.Reason);
        Assert.Contains("CN", exclusion.ReasonEn, StringComparison.Ordinal);

        var n = found.Single(f => f.PartnerId == notRetrieved);
        Assert.Equal(LookupStanding.NotRetrieved, n.Standing);
        Assert.Null(n.Rank);
        Assert.False(n.Evaluation.IsExcluded);
        Assert.Equal(0, n.Evaluation.Factors.Single(f => f.Factor == MatchFactorNames.Technology).Points);
        Assert.Equal(0, n.Evaluation.Factors.Single(f => f.Factor == MatchFactorNames.Keywords).Points);
        Assert.Equal(1 + run.Ranked.Count(c => c.Evaluation.Score >= n.Evaluation.Score), n.WouldRank);
        Assert.DoesNotContain(run.Ranked, c => c.PartnerId == notRetrieved);

        Assert.Equal(ranked, Assert.Single(byKorean!).PartnerId);
        Assert.Equal(notRetrieved, Assert.Single(byExternalId!).PartnerId);
        Assert.Empty(nothing!);
        Assert.Empty(wildcard!);
    }

    // ---- Proposing ----

    /// <summary>A request in CIRC.PLASTICS with 12 strong candidates, one weak one (a sibling leaf sharing the word: ranked 13th or lower), one in an excluded country and one never retrieved.</summary>
    private static async Task<(Guid RequestId, List<Guid> Strong, Guid Weak, Guid Excluded, Guid Unretrieved)> ProposalSetupAsync(IServiceProvider provider,
        RequestStatus status = RequestStatus.Matching)
    {
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var id = await MatchingTestData.RequestAsync(provider, member, status, ["CIRC.PLASTICS"], word, [word], excluded: ["CN"]);
        var strong = await MatchingTestData.AddAsync(provider,
            [.. Enumerable.Range(1, 12).Select(i => MatchingTestData.Partner($"Strong {i}", ["CIRC.PLASTICS"], keywords: [word], linked: ["KRICT"]))]);
        var weak = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Weak", ["CIRC.BATTERY"], keywords: [word]));
        var excluded = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Excluded", ["CIRC.PLASTICS"], "CN", [word]));
        var unretrieved = await MatchingTestData.AddOneAsync(provider, MatchingTestData.Partner("Elsewhere", ["SEMI.POWER"]));
        return (id, strong, weak, excluded, unretrieved);
    }

    private static Task<Common.ServiceResult<uint>> ProposeAsync(IServiceProvider provider, Guid requestId, Actor actor, params ProposalPick[] picks) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<MatchingService>().ProposeAsync(requestId, actor, picks, null, default));

    [Fact]
    public async Task Proposing_freezes_the_score_factors_rank_and_engine_version_of_the_evaluation()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (id, strong, _, _, _) = await ProposalSetupAsync(provider);
        var run = await MatchingTestData.RankAsync(provider, id, Krict);
        Assert.NotNull(run);
        var top = run.Ranked.Take(2).ToList();
        Assert.All(top, t => Assert.Contains(t.PartnerId, strong));

        var result = await ProposeAsync(provider, id, Krict, new ProposalPick(top[0].PartnerId, null), new ProposalPick(top[1].PartnerId, "  탄탄한 후보입니다.  "));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Field + ":" + e.Code)));
        var matches = await MatchingTestData.MatchesAsync(provider, id);
        Assert.Equal(2, matches.Count);
        foreach (var candidate in top)
        {
            var match = matches.Single(m => m.PartnerId == candidate.PartnerId);
            Assert.Equal(MatchStatus.Proposed, match.Status);
            Assert.Equal(candidate.Evaluation.Score, match.Score);
            Assert.Equal(candidate.Rank, match.Rank);
            Assert.Equal(run.EngineVersion, match.EngineVersion);
            Assert.Equal(candidate.Evaluation.Factors.ToList(), match.Factors);
            Assert.Equal(8, match.Factors.Count);
        }

        Assert.Null(matches.Single(m => m.PartnerId == top[0].PartnerId).ProposalNote);
        Assert.Equal("탄탄한 후보입니다.", matches.Single(m => m.PartnerId == top[1].PartnerId).ProposalNote);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.PartnersProposed, request.Status);
        Assert.Equal(result.Value, request.Version);

        // The next run marks them as proposed.
        var after = await MatchingTestData.RankAsync(provider, id, Krict);
        Assert.All(after!.Ranked.Where(r => top.Any(t => t.PartnerId == r.PartnerId)), r => Assert.True(r.AlreadyProposed));
    }

    [Fact]
    public async Task A_partner_ranked_low_or_not_at_all_needs_a_note_and_without_one_nothing_is_saved()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (id, _, weak, _, unretrieved) = await ProposalSetupAsync(provider);
        var run = await MatchingTestData.RankAsync(provider, id, Krict);
        var best = run!.Ranked[0].PartnerId;
        var weakRank = run.Ranked.Single(r => r.PartnerId == weak).Rank;
        Assert.True(weakRank > MatchingService.LowRankThreshold);

        var refused = await ProposeAsync(provider, id, Krict, new ProposalPick(best, null), new ProposalPick(weak, " "), new ProposalPick(unretrieved, null));

        Assert.False(refused.Succeeded);
        Assert.Equal(
            [($"Notes[{weak}]", "Matching.LowRankReasonRequired"), ($"Notes[{unretrieved}]", "Matching.LowRankReasonRequired")],
            refused.Errors.Select(e => (e.Field, e.Code)));
        Assert.Empty(await MatchingTestData.MatchesAsync(provider, id));
        Assert.Equal(RequestStatus.Matching, (await RequestFixtures.LoadAsync(provider, id)).Status);

        var saved = await ProposeAsync(provider, id, Krict, new ProposalPick(weak, "기업이 배터리 재활용 경험을 원합니다."), new ProposalPick(unretrieved, "전력반도체 공정 전문가 연결"));

        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Select(e => e.Field + ":" + e.Code)));
        var matches = await MatchingTestData.MatchesAsync(provider, id);
        var weakMatch = matches.Single(m => m.PartnerId == weak);
        Assert.Equal((weakRank, "기업이 배터리 재활용 경험을 원합니다."), (weakMatch.Rank!.Value, weakMatch.ProposalNote!));
        var elsewhere = matches.Single(m => m.PartnerId == unretrieved);
        Assert.Null(elsewhere.Rank);
        Assert.Equal("전력반도체 공정 전문가 연결", elsewhere.ProposalNote);
        Assert.Equal(8, elsewhere.Factors.Count);
    }

    [Fact]
    public async Task A_partner_a_hard_filter_rules_out_cannot_be_proposed()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (id, _, _, excluded, _) = await ProposalSetupAsync(provider);
        var best = (await MatchingTestData.RankAsync(provider, id, Krict))!.Ranked[0].PartnerId;

        var result = await ProposeAsync(provider, id, Krict, new ProposalPick(best, null), new ProposalPick(excluded, "꼭 필요합니다."));

        Assert.Equal(($"Notes[{excluded}]", "Matching.PartnerExcluded"), (Assert.Single(result.Errors).Field, result.Errors[0].Code));
        Assert.Empty(await MatchingTestData.MatchesAsync(provider, id));
    }

    [Fact]
    public async Task Proposing_needs_one_to_five_distinct_picks()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (id, _, _, _, _) = await ProposalSetupAsync(provider);
        var strong = (await MatchingTestData.RankAsync(provider, id, Krict))!.Ranked.Select(r => r.PartnerId).ToList();

        var six = await ProposeAsync(provider, id, Krict, [.. strong.Take(6).Select(p => new ProposalPick(p, "메모"))]);
        var none = await ProposeAsync(provider, id, Krict);
        var twice = await ProposeAsync(provider, id, Krict, new ProposalPick(strong[0], null), new ProposalPick(strong[0], null));
        var five = await ProposeAsync(provider, id, Krict, [.. strong.Take(5).Select(p => new ProposalPick(p, null))]);

        Assert.Equal(("Selected", "Matching.SelectOneToFive"), (Assert.Single(six.Errors).Field, six.Errors[0].Code));
        Assert.Equal(("Selected", "Matching.SelectOneToFive"), (Assert.Single(none.Errors).Field, none.Errors[0].Code));
        Assert.Equal(("Selected", "Matching.SelectOneToFive"), (Assert.Single(twice.Errors).Field, twice.Errors[0].Code));
        Assert.True(five.Succeeded, string.Join(", ", five.Errors.Select(e => e.Field + ":" + e.Code)));
        Assert.Equal(5, (await MatchingTestData.MatchesAsync(provider, id)).Count);
    }

    [Fact]
    public async Task Proposing_on_a_request_not_in_matching_is_refused_and_outsiders_get_not_found()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (id, strong, _, _, _) = await ProposalSetupAsync(provider, RequestStatus.InReview);

        var notInMatching = await ProposeAsync(provider, id, Krict, new ProposalPick(strong[0], null));
        var outsider = await ProposeAsync(provider, id, MatchingTestData.Kimm, new ProposalPick(strong[0], null));
        var admin = await ProposeAsync(provider, id, MatchingTestData.Admin, new ProposalPick(strong[0], null));

        Assert.Equal(("", "Matching.NotInMatching"), (Assert.Single(notInMatching.Errors).Field, notInMatching.Errors[0].Code));
        Assert.True(outsider.IsNotFound());
        Assert.True(admin.IsNotFound());
        Assert.Empty(await MatchingTestData.MatchesAsync(provider, id));
        Assert.Equal(RequestStatus.InReview, (await RequestFixtures.LoadAsync(provider, id)).Status);
    }

    // ---- Reverse matching ----

    [Fact]
    public async Task A_partner_s_open_requests_are_those_the_actor_may_see_best_first_never_drafts_or_closed_ones()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var word = MatchingTestData.Token();
        var best = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Submitted, ["H2.STORAGE"], word + " hydride tank", [word, "hydride"]);
        var sibling = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["H2.PRODUCTION"], "electrolyser stack", ["electrolyser"]);
        var inReview = await MatchingTestData.RequestAsync(provider, member, RequestStatus.InReview, ["H2.STORAGE"], "cryogenic vessel", ["cryogenic"]);
        var otherInstitute = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["H2.STORAGE"], word + " other", [word]);
        var draft = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Draft, ["H2.STORAGE"], word + " draft", [word]);
        var declined = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Declined, ["H2.STORAGE"], word + " declined", [word]);
        var withdrawn = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Withdrawn, ["H2.STORAGE"], word + " withdrawn", [word]);
        var closed = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["H2.STORAGE"], word + " closed", [word]);
        var unrelated = await MatchingTestData.RequestAsync(provider, member, RequestStatus.Matching, ["SEMI.POWER"], word + " unrelated", [word]);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            await db.Requests.Where(r => r.Id == otherInstitute).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeadOrganizationCode, "KATECH"));
            await db.Requests.Where(r => r.Id == closed).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RequestStatus.Closed));
        });
        var partner = await MatchingTestData.AddOneAsync(provider,
            MatchingTestData.Partner("Hydride Storage Lab", ["H2.STORAGE"], keywords: [word, "hydride"], description: "Metal hydride tanks."));
        var service = (IServiceProvider sp) => sp.GetRequiredService<MatchingService>();

        var fits = await provider.InScopeAsync(sp => service(sp).OpenRequestsForPartnerAsync(partner, Krict, 50, default));
        var asAdmin = await provider.InScopeAsync(sp => service(sp).OpenRequestsForPartnerAsync(partner, MatchingTestData.Admin, 50, default));
        var asOutsider = await provider.InScopeAsync(sp => service(sp).OpenRequestsForPartnerAsync(partner, MatchingTestData.Kimm, 50, default));
        var topOne = await provider.InScopeAsync(sp => service(sp).OpenRequestsForPartnerAsync(partner, Krict, 1, default));
        var unknown = await provider.InScopeAsync(sp => service(sp).OpenRequestsForPartnerAsync(Guid.NewGuid(), Krict, 50, default));

        Assert.NotNull(fits);
        var mine = fits.Select(f => f.RequestId).ToList();
        Assert.Equal(best, mine[0]);
        Assert.Contains(sibling, mine);
        Assert.Contains(inReview, mine);
        Assert.All(new[] { otherInstitute, draft, declined, withdrawn, closed, unrelated }, r => Assert.DoesNotContain(r, mine));
        Assert.True(fits.Zip(fits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "Best first.");
        Assert.True(fits.Single(f => f.RequestId == best).Score > fits.Single(f => f.RequestId == sibling).Score);
        Assert.All(fits, f => Assert.Equal(8, f.Factors.Count));

        Assert.Contains(otherInstitute, asAdmin!.Select(f => f.RequestId));
        Assert.DoesNotContain(draft, asAdmin!.Select(f => f.RequestId));
        Assert.Empty(asOutsider!);
        Assert.Equal(best, Assert.Single(topOne!).RequestId);
        Assert.Null(unknown);
    }

    // ---- The coordinator's side of a match ----

    private static Task<Match> MatchOfAsync(IServiceProvider provider, Guid requestId) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.AsNoTracking().SingleAsync(m => m.RequestId == requestId));

    [Fact]
    public async Task Contacted_partner_accepted_meeting_and_agreement_close_the_request_with_history_and_audit()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Connected);
        var service = (IServiceProvider sp) => sp.GetRequiredService<MatchResponseService>();
        var match = await MatchOfAsync(provider, id);
        var today = KoreaTime.Today(TimeProvider.System);

        var contacted = await provider.InScopeAsync(sp => service(sp).MarkPartnerContactedAsync(match.Id, Krict, match.Version, default));
        Assert.True(contacted.Succeeded, string.Join(", ", contacted.Errors.Select(e => e.Code)));
        Assert.Equal(MatchStatus.PartnerContacted, (await MatchOfAsync(provider, id)).Status);

        // A contributing institute may record the next steps too.
        var accepted = await provider.InScopeAsync(sp => service(sp).RecordPartnerResponseAsync(match.Id, MatchingTestData.Etri, true, "관심 있다고 답했습니다.", contacted.Value, default));
        Assert.True(accepted.Succeeded, string.Join(", ", accepted.Errors.Select(e => e.Code)));
        var met = await provider.InScopeAsync(sp => service(sp).RecordOutcomeAsync(match.Id, Krict,
            new MatchOutcomeInput(MatchOutcomeKind.Meeting, today, null, null, null), accepted.Value, default));
        Assert.True(met.Succeeded, string.Join(", ", met.Errors.Select(e => e.Code)));
        Assert.Equal(RequestStatus.Connected, (await RequestFixtures.LoadAsync(provider, id)).Status);
        var agreed = await provider.InScopeAsync(sp => service(sp).RecordOutcomeAsync(match.Id, Krict,
            new MatchOutcomeInput(MatchOutcomeKind.Agreement, null, AgreementKind.Mou, null, "MOU 체결"), met.Value, default));
        Assert.True(agreed.Succeeded, string.Join(", ", agreed.Errors.Select(e => e.Code)));

        var final = await MatchOfAsync(provider, id);
        Assert.Equal((MatchStatus.Agreement, AgreementKind.Mou, today, "MOU 체결"), (final.Status, final.AgreementKind!.Value, final.MeetingHeldOn!.Value, final.OutcomeComment!));
        Assert.NotNull(final.PartnerContactedAt);
        Assert.NotNull(final.PartnerRespondedAt);
        Assert.NotNull(final.OutcomeAt);
        var history = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().MatchStatusChanges.AsNoTracking()
            .Where(h => h.MatchId == match.Id).OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To).ToListAsync());
        Assert.Equal(
            [MatchStatus.Proposed, MatchStatus.AcceptedBySme, MatchStatus.PartnerContacted, MatchStatus.PartnerAccepted, MatchStatus.MeetingHeld, MatchStatus.Agreement],
            history);

        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal((RequestStatus.Closed, RequestOutcome.Agreement), (request.Status, request.Outcome!.Value));
        var last = request.History.OrderBy(h => h.At).Last();
        Assert.Equal((RequestStatus.Connected, RequestStatus.Closed, "KRICT"), (last.From!.Value, last.To, last.ActorOrganizationCode!));
        var matchAudit = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == match.Id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["Match.PartnerContacted", "Match.PartnerAccepted", "Match.MeetingHeld", "Match.Agreement"], matchAudit);
        Assert.Contains("Request.Closed", await RequestFixtures.AuditActionsAsync(provider, id));
    }

    [Fact]
    public async Task Another_institute_s_coordinator_and_a_company_get_not_found_for_every_step_and_for_the_match_view()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Connected);
        var match = await MatchOfAsync(provider, id);
        var service = (IServiceProvider sp) => sp.GetRequiredService<MatchResponseService>();
        var company = RequestFixtures.ActorOf(member) with { OrganizationCode = "KRICT" };

        foreach (var actor in new[] { MatchingTestData.Kimm, company })
        {
            Assert.True((await provider.InScopeAsync(sp => service(sp).MarkPartnerContactedAsync(match.Id, actor, match.Version, default))).IsNotFound());
            Assert.True((await provider.InScopeAsync(sp => service(sp).RecordPartnerResponseAsync(match.Id, actor, true, null, match.Version, default))).IsNotFound());
            Assert.True((await provider.InScopeAsync(sp => service(sp).RecordOutcomeAsync(match.Id, actor,
                new MatchOutcomeInput(MatchOutcomeKind.Agreement, null, AgreementKind.Nda, null, null), match.Version, default))).IsNotFound());
        }

        Assert.True((await provider.InScopeAsync(sp => service(sp).MarkPartnerContactedAsync(Guid.NewGuid(), Krict, 0, default))).IsNotFound());
        Assert.Equal(MatchStatus.AcceptedBySme, (await MatchOfAsync(provider, id)).Status);

        var queries = (IServiceProvider sp) => sp.GetRequiredService<MatchQueries>();
        Assert.Null(await provider.InScopeAsync(sp => queries(sp).ForStaffAsync(match.Id, MatchingTestData.Kimm, default)));
        Assert.Null(await provider.InScopeAsync(sp => queries(sp).ForStaffAsync(match.Id, company, default)));
        Assert.Null(await provider.InScopeAsync(sp => queries(sp).ForStaffAsync(Guid.NewGuid(), Krict, default)));
        var lead = await provider.InScopeAsync(sp => queries(sp).ForStaffAsync(match.Id, Krict, default));
        var contributor = await provider.InScopeAsync(sp => queries(sp).ForStaffAsync(match.Id, MatchingTestData.Etri, default));
        var admin = await provider.InScopeAsync(sp => queries(sp).ForStaffAsync(match.Id, MatchingTestData.Admin, default));
        Assert.NotNull(lead);
        Assert.Equal((match.Id, id, MatchStatus.AcceptedBySme, 87.5, match.Version), (lead.Id, lead.RequestId, lead.Status, lead.Score, lead.Version));
        Assert.Equal([MatchStatus.Proposed, MatchStatus.AcceptedBySme], lead.History.Select(h => h.To));
        Assert.True(lead.CanMove(MatchStatus.PartnerContacted));
        Assert.False(lead.CanMove(MatchStatus.PartnerAccepted));
        Assert.Equal("University of Calgary", lead.PartnerName);
        Assert.Equal(match.Id, contributor?.Id);
        Assert.Equal(match.Id, admin?.Id);
    }

    [Fact]
    public async Task A_step_recorded_from_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Connected);
        var match = await MatchOfAsync(provider, id);
        var service = (IServiceProvider sp) => sp.GetRequiredService<MatchResponseService>();
        var contacted = await provider.InScopeAsync(sp => service(sp).MarkPartnerContactedAsync(match.Id, Krict, match.Version, default));
        Assert.True(contacted.Succeeded);

        var stale = await provider.InScopeAsync(sp => service(sp).RecordPartnerResponseAsync(match.Id, Krict, true, null, match.Version, default));
        var staleOutcome = await provider.InScopeAsync(sp => service(sp).RecordOutcomeAsync(match.Id, Krict,
            new MatchOutcomeInput(MatchOutcomeKind.Agreement, null, AgreementKind.Nda, null, null), match.Version, default));
        var contactedAgain = await provider.InScopeAsync(sp => service(sp).MarkPartnerContactedAsync(match.Id, Krict, match.Version, default));

        Assert.Equal(("", RequestResultCodes.Conflict), (Assert.Single(stale.Errors).Field, stale.Errors[0].Code));
        Assert.Equal(RequestResultCodes.Conflict, Assert.Single(staleOutcome.Errors).Code);
        Assert.True(contactedAgain.Succeeded, "The same step posted twice is no conflict.");
        var after = await MatchOfAsync(provider, id);
        Assert.Equal((MatchStatus.PartnerContacted, contacted.Value), (after.Status, after.Version));
        Assert.Equal(RequestStatus.Connected, (await RequestFixtures.LoadAsync(provider, id)).Status);
    }

    [Fact]
    public async Task Missing_or_impossible_outcome_details_are_field_errors()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Connected);
        var match = await MatchOfAsync(provider, id);
        var service = (IServiceProvider sp) => sp.GetRequiredService<MatchResponseService>();
        Task<Common.ServiceResult<uint>> Outcome(MatchOutcomeInput input) => provider.InScopeAsync(sp => service(sp).RecordOutcomeAsync(match.Id, Krict, input, match.Version, default));

        var noKind = await Outcome(new MatchOutcomeInput(null, null, null, null, null));
        var noDate = await Outcome(new MatchOutcomeInput(MatchOutcomeKind.Meeting, null, null, null, null));
        var future = await Outcome(new MatchOutcomeInput(MatchOutcomeKind.Meeting, KoreaTime.Today(TimeProvider.System).AddDays(3), null, null, null));
        var noAgreementKind = await Outcome(new MatchOutcomeInput(MatchOutcomeKind.Agreement, null, null, null, null));
        var noReason = await Outcome(new MatchOutcomeInput(MatchOutcomeKind.NoDeal, null, null, null, null));
        var otherWithoutText = await Outcome(new MatchOutcomeInput(MatchOutcomeKind.NoDeal, null, null, NoDealReason.Other, " "));
        var tooLong = await Outcome(new MatchOutcomeInput(MatchOutcomeKind.Agreement, null, AgreementKind.Nda, null, new string('가', Match.CommentMaxLength + 1)));

        Assert.Equal(("Kind", "Match.OutcomeKindRequired"), (noKind.Errors[0].Field, noKind.Errors[0].Code));
        Assert.Equal(("MeetingDate", "Match.MeetingDateRequired"), (noDate.Errors[0].Field, noDate.Errors[0].Code));
        Assert.Equal(("MeetingDate", "Match.MeetingDateOutOfRange"), (future.Errors[0].Field, future.Errors[0].Code));
        Assert.Equal(("AgreementKind", "Match.AgreementKindRequired"), (noAgreementKind.Errors[0].Field, noAgreementKind.Errors[0].Code));
        Assert.Equal(("NoDealReason", "Match.NoDealReasonRequired"), (noReason.Errors[0].Field, noReason.Errors[0].Code));
        Assert.Equal(("Comment", "Match.NoDealCommentRequired"), (otherWithoutText.Errors[0].Field, otherWithoutText.Errors[0].Code));
        Assert.Equal(("Comment", "Match.CommentTooLong"), (tooLong.Errors[0].Field, tooLong.Errors[0].Code));
        var after = await MatchOfAsync(provider, id);
        Assert.Equal((MatchStatus.AcceptedBySme, match.Version), (after.Status, after.Version));
    }

    [Fact]
    public async Task The_only_accepted_partner_declining_closes_the_request_without_a_deal()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Connected);
        var match = await MatchOfAsync(provider, id);
        var service = (IServiceProvider sp) => sp.GetRequiredService<MatchResponseService>();
        var contacted = await provider.InScopeAsync(sp => service(sp).MarkPartnerContactedAsync(match.Id, Krict, match.Version, default));

        var declined = await provider.InScopeAsync(sp => service(sp).RecordPartnerResponseAsync(match.Id, Krict, false, "내부 우선순위가 바뀌었다고 합니다.", contacted.Value, default));

        Assert.True(declined.Succeeded, string.Join(", ", declined.Errors.Select(e => e.Code)));
        var after = await MatchOfAsync(provider, id);
        Assert.Equal(MatchStatus.PartnerDeclined, after.Status);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal((RequestStatus.Closed, RequestOutcome.NoDeal), (request.Status, request.Outcome!.Value));
        var audit = await RequestFixtures.AuditActionsAsync(provider, id);
        Assert.Contains("Request.Closed", audit);
        Assert.Contains(await RequestFixtures.NotificationsAsync(provider, member.UserId), n => n.Status == "Closed");
    }
}
