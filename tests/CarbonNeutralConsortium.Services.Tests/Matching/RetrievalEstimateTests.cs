using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Services.Matching;

namespace CarbonNeutralConsortium.Services.Tests.Matching;

/// <summary>
/// The estimate retrieval orders a popular leaf's partners by (before it keeps the best 300) must be the engine's own
/// points for everything but the text: checked on made-up partners against the engine, no database.
/// </summary>
public class RetrievalEstimateTests
{
    private static readonly MatchingVocabulary Vocabulary = MatchingVocabularies.FromReferenceData().Vocabulary;

    public static TheoryData<string> Requests => ["one-leaf", "two-leaves", "leaf-area-and-sibling", "no-preferences", "custom-weights"];

    [Theory]
    [MemberData(nameof(Requests))]
    public void The_estimate_is_the_engine_s_score_without_the_text_factor_for_any_partner(string name)
    {
        var weights = name == "custom-weights"
            ? new MatchingWeights { Technology = 30, Keywords = 15, Country = 15, PartnerType = 10, CooperationType = 5, Trl = 10, Network = 5, TrackRecord = 10 }
            : new MatchingWeights();
        var engine = new MatchingEngine(Vocabulary, weights);
        var request = RequestFor(name);
        var estimate = RetrievalEstimate.For(engine, Vocabulary, request);
        var random = new Random(name.Length * 7919);
        var checkedPartners = 0;

        for (var i = 0; i < 3_000; i++)
        {
            var partner = RandomPartner(random, request);
            var evaluation = engine.Evaluate(request, partner);
            if (evaluation.IsExcluded)
            {
                continue; // the SQL's hard filters never let it through
            }

            checkedPartners++;
            double Points(string factor) => evaluation.Factors.Single(f => f.Factor == factor).Points;

            // A request naming one code gives every partner of tier 1 (which all have it) the same technology points: left out.
            var expected = evaluation.Score - Points(MatchFactorNames.Keywords) - (estimate.Technology.Count == 0 ? Points(MatchFactorNames.Technology) : 0);
            var actual = estimate.Of(partner.TechnologyCodes, false, partner.CountryCode, request.PreferredCountries, partner.PartnerTypeCode, partner.CooperationTypes,
                partner.TrlMin, partner.TrlMax, partner.LinkedInstitutes, request.LeadOrganizationCode, partner.TrackRecord.AcceptedMatches, partner.TrackRecord.Agreements);

            Assert.True(Math.Abs(expected - actual) < 0.051,
                $"{name}: partner {string.Join("/", partner.TechnologyCodes)} {partner.CountryCode} {partner.PartnerTypeCode} [{string.Join(",", partner.CooperationTypes)}] " +
                $"TRL {partner.TrlMin}-{partner.TrlMax} [{string.Join(",", partner.LinkedInstitutes)}] {partner.TrackRecord}: engine {expected}, estimate {actual}");
        }

        Assert.True(checkedPartners > 300, $"only {checkedPartners} partners passed the hard filters");

        // Sharing a word is worth the keyword factor's full weight in the estimate.
        Assert.Equal(weights.Keywords, estimate.Text);
    }

    [Fact]
    public void A_request_naming_one_code_needs_no_technology_term_and_one_naming_several_tells_exact_area_and_sibling_apart()
    {
        var engine = new MatchingEngine(Vocabulary, new MatchingWeights());

        Assert.Empty(RetrievalEstimate.For(engine, Vocabulary, RequestFor("one-leaf")).Technology);
        var several = RetrievalEstimate.For(engine, Vocabulary, RequestFor("leaf-area-and-sibling"));
        Assert.Equal(3, several.Technology.Count);
        Assert.Equal(64, several.TechnologyPoints.Length);
        var area = several.Technology.Single(t => t.Exact.SequenceEqual(["CCUS"]));
        Assert.Equal(["CCUS.CAPTURE", "CCUS.CONVERSION", "CCUS.METHANE", "CCUS.STORAGE"], area.Area);
        Assert.Empty(area.Sibling);
        var leaf = several.Technology.Single(t => t.Exact.SequenceEqual(["H2.STORAGE"]));
        Assert.Empty(leaf.Area);
        Assert.Equal(["H2.FUELCELL", "H2.PRODUCTION", "H2.REDUCTION"], leaf.Sibling);
    }

    private static MatchingRequest RequestFor(string name) => name switch
    {
        "one-leaf" => new MatchingRequest("r1", "수소 저장 합금", null, null, "PETROCHEMICAL", ["H2.STORAGE"], "joint_research", ["DE", "JP"], ["CN"],
            [], 3, 6, ["수소"], "KRICT"),
        "two-leaves" => new MatchingRequest("r2", "Hydrogen storage and fuel cells", null, null, "PETROCHEMICAL", ["H2.STORAGE", "MOB.FCEV"], "technology_introduction",
            ["US"], [], ["university", "research_institute"], 5, 5, [], "KITECH"),
        "leaf-area-and-sibling" => new MatchingRequest("r3", "CCUS", null, null, "PETROCHEMICAL", ["H2.STORAGE", "CCUS", "H2.FUELCELL"], null, [], [], [], null, 7, [],
            "ETRI"),
        "no-preferences" => new MatchingRequest("r4", "Grid", null, null, "PETROCHEMICAL", ["ENERGY.GRID", "ENERGY.ESS"], null, [], [], [], null, null, [], null),
        _ => new MatchingRequest("r5", "Sensors", null, null, "PETROCHEMICAL", ["SEMI.SENSOR", "DX.MRV"], "testing_certification", ["FR"], [], [], 2, 4, [], "KETI"),
    };

    private static MatchingPartner RandomPartner(Random random, MatchingRequest request)
    {
        var leaves = Vocabulary.Technologies.Values.Where(t => t.Parent is not null).Select(t => t.Code).Order(StringComparer.Ordinal).ToArray();
        var near = request.TechnologyCodes.SelectMany(c => Vocabulary.Technologies.Values.Where(t => t.Code == c || t.Parent == c
                || (Vocabulary.Technologies.TryGetValue(c, out var r) && r.Parent is not null && t.Parent == r.Parent)))
            .Where(t => t.Parent is not null).Select(t => t.Code).Distinct().ToArray();
        var codes = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.NextDouble() < 0.8 ? near[random.Next(near.Length)] : leaves[random.Next(leaves.Length)])
            .Distinct().ToList();
        string[] countries = [.. request.PreferredCountries, .. request.ExcludedCountries, "US", "DE", "KR", "BR"];
        var types = Vocabulary.PartnerTypes.Keys.Order(StringComparer.Ordinal).ToArray();
        var cooperation = Vocabulary.CooperationTypes.Keys.Where(_ => random.NextDouble() < 0.3).ToList();
        int? min = random.NextDouble() < 0.2 ? null : random.Next(1, 10);
        int? max = random.NextDouble() < 0.2 ? null : random.Next(min ?? 1, 10);
        var organizations = Vocabulary.Organizations.Keys.ToArray();
        var linked = organizations.Where(_ => random.NextDouble() < 0.15).ToList();
        return new MatchingPartner("p", "", null, countries[random.Next(countries.Length)], types[random.Next(types.Length)], codes, cooperation, min, max, [], null,
            linked, true, new PartnerTrackRecord(random.Next(0, 13), random.Next(0, 7)));
    }
}
