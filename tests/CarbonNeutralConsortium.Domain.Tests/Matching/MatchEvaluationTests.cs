using CarbonNeutralConsortium.Domain.Matching;

namespace CarbonNeutralConsortium.Domain.Tests.Matching;

/// <summary>hit@k, reciprocal rank and nDCG@10 on hand-computed examples.</summary>
public class MatchEvaluationTests
{
    [Fact]
    public void The_best_partner_first_gives_perfect_figures()
    {
        var r = MatchEvaluation.ForRequest("R", ["A", "B", "C"], ["A", "B"]);

        Assert.Equal((1.0, 1.0, 1.0, 1.0, 1.0, (int?)1), (r.HitAt1, r.HitAt3, r.HitAt10, r.ReciprocalRank, r.NdcgAt10, r.FirstRelevantRank));
    }

    [Fact]
    public void A_right_partner_in_third_place_hits_at_three_with_a_reciprocal_rank_of_one_third()
    {
        var r = MatchEvaluation.ForRequest("R", ["X", "Y", "A", "Z"], ["A"]);

        Assert.Equal((0.0, 1.0, 1.0), (r.HitAt1, r.HitAt3, r.HitAt10));
        Assert.Equal(1.0 / 3, r.ReciprocalRank, 9);
        Assert.Equal(0.5, r.NdcgAt10, 9); // gain 1 at rank 3: 1/log2(4) = 0.5; ideal 1
        Assert.Equal(3, r.FirstRelevantRank);
    }

    [Fact]
    public void Graded_gains_follow_the_judgement_order()
    {
        // Expected [A, B]: gains A = 2, B = 1. Ranked [B, A]: DCG = 1/1 + 2/log2(3); ideal = 2/1 + 1/log2(3).
        var r = MatchEvaluation.ForRequest("R", ["B", "A"], ["A", "B"]);

        var dcg = 1 + (2 / Math.Log2(3));
        var ideal = 2 + (1 / Math.Log2(3));
        Assert.Equal(dcg / ideal, r.NdcgAt10, 9);
        Assert.Equal(1, r.HitAt1); // B is right too
    }

    [Fact]
    public void A_right_partner_beyond_ten_counts_for_reciprocal_rank_but_not_for_the_hits_or_ndcg()
    {
        var ranked = Enumerable.Range(1, 11).Select(i => $"X{i}").Append("A").ToList();

        var r = MatchEvaluation.ForRequest("R", ranked, ["A"]);

        Assert.Equal((0.0, 0.0, 0.0, 0.0), (r.HitAt1, r.HitAt3, r.HitAt10, r.NdcgAt10));
        Assert.Equal(1.0 / 12, r.ReciprocalRank, 9);
    }

    [Fact]
    public void No_right_partner_at_all_gives_zeros()
    {
        var r = MatchEvaluation.ForRequest("R", ["X"], ["A"]);

        Assert.Equal((0.0, 0.0, (int?)null), (r.ReciprocalRank, r.NdcgAt10, r.FirstRelevantRank));
    }

    [Fact]
    public void The_summary_is_the_mean_over_requests()
    {
        var report = MatchEvaluation.Summarize([
            MatchEvaluation.ForRequest("R1", ["A"], ["A"]),
            MatchEvaluation.ForRequest("R2", ["X", "A"], ["A"]),
        ]);

        Assert.Equal((0.5, 1.0, 1.0, 0.75), (report.HitAt1, report.HitAt3, report.HitAt10, report.Mrr));
        Assert.Equal((1 + (1 / Math.Log2(3))) / 2, report.NdcgAt10, 9);
        Assert.Equal(2, report.Requests.Count);
    }
}
