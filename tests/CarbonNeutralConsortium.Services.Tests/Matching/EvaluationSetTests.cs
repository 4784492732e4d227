using System.Globalization;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Matching;
using Xunit.Abstractions;

namespace CarbonNeutralConsortium.Services.Tests.Matching;

/// <summary>
/// The evaluation set of issue 4 (item 8): partners, requests in Korean and English, and the partners a careful
/// reader judged right (written from the texts before the engine was run on them). No database.
/// </summary>
public class EvaluationSetTests(ITestOutputHelper output)
{
    internal static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Matching", "Evaluation", file);

    internal static BatchMatching Batch()
    {
        var reference = MatchingVocabularies.FromReferenceData();
        return new BatchMatching(new MatchingEngine(reference.Vocabulary, new MatchingWeights()), reference);
    }

    [Fact]
    public void The_engine_finds_the_judged_partners_hit_at_3_of_at_least_90_percent_and_mrr_of_at_least_0_8()
    {
        var batch = Batch();
        using var partners = File.OpenText(PathOf("partners.csv"));
        using var requests = File.OpenText(PathOf("requests.jsonl"));
        using var expected = File.OpenText(PathOf("expected.json"));

        var report = batch.Evaluate(partners, requests, expected);

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{batch.EngineVersion}: {report.Requests.Count} requests; hit@1 {report.HitAt1:0.000}, hit@3 {report.HitAt3:0.000}, hit@10 {report.HitAt10:0.000}, MRR {report.Mrr:0.000}, nDCG@10 {report.NdcgAt10:0.000}"));
        foreach (var r in report.Requests)
        {
            output.WriteLine(string.Create(c, $"  {r.RequestId}: first right at {r.FirstRelevantRank?.ToString(c) ?? "-"}, RR {r.ReciprocalRank:0.000}, nDCG {r.NdcgAt10:0.000}; top 3 {string.Join(", ", r.TopRanked.Take(3))}; judged {string.Join(", ", r.Expected)}"));
        }

        Assert.True(report.HitAt3 >= 0.9, $"hit@3 {report.HitAt3}");
        Assert.True(report.Mrr >= 0.8, $"MRR {report.Mrr}");
        Assert.Equal(28, report.Requests.Count);
    }

    [Fact]
    public void The_set_has_enough_partners_across_countries_and_every_taxonomy_area_including_the_three_of_the_press_release()
    {
        using var reader = File.OpenText(PathOf("partners.csv"));
        var csv = PartnerCsv.Read(reader, MatchingVocabularies.FromReferenceData().CodeBook);

        Assert.Empty(csv.Errors);
        var partners = csv.Rows.Select(r => r.Data).ToList();
        Assert.True(partners.Count >= 35);
        Assert.True(partners.Select(p => p.CountryCode).Distinct().Count() >= 12);
        var areas = MatchingVocabularies.FromReferenceData().Vocabulary.Technologies.Values.Where(t => t.Parent is null).Select(t => t.Code);
        Assert.All(areas, area => Assert.Contains(partners, p => p.TechnologyCodes.Any(c => c.StartsWith(area + ".", StringComparison.Ordinal))));

        AssertPartner(partners, "University of Illinois", "SEMI.LOWPOWER", "KETI");
        AssertPartner(partners, "University of Calgary", "CCUS.METHANE", "KRICT");
        AssertPartner(partners, "Northwestern University", "CCUS.CONVERSION", "KRICT");
    }

    [Fact]
    public void The_set_has_enough_requests_half_in_korean_and_half_in_english_each_judged()
    {
        var reference = MatchingVocabularies.FromReferenceData();
        using var reader = File.OpenText(PathOf("requests.jsonl"));
        var (requests, errors) = MatchFiles.ReadRequests(reader, reference);
        using var expectedReader = File.OpenText(PathOf("expected.json"));
        var expected = BatchMatching.ReadExpected(expectedReader);

        Assert.Empty(errors);
        Assert.True(requests.Count >= 22);
        var korean = requests.Count(r => r.Title.Any(ch => ch is >= '\uAC00' and <= '\uD7A3'));
        Assert.Equal(requests.Count / 2, korean);
        Assert.Equal(requests.Select(r => r.Id).Order(), expected.Select(e => e.Key).Order());
    }

    private static void AssertPartner(List<OverseasPartnerData> partners, string name, string technology, string institute)
    {
        var partner = Assert.Single(partners, p => p.Name.StartsWith(name, StringComparison.Ordinal));
        Assert.Contains(technology, partner.TechnologyCodes);
        Assert.Contains(institute, partner.LinkedInstitutes);
    }
}
