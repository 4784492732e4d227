namespace CarbonNeutralConsortium.Domain.Matching;

/// <summary>
/// The figures of one request: hits in the top 1/3/10 (1 or 0), the reciprocal rank of the first partner judged
/// right, and nDCG@10 with graded gains from the judgement's order (of n expected partners the first gains n, the
/// last 1).
/// </summary>
public sealed record RequestEvaluation(
    string RequestId,
    double HitAt1,
    double HitAt3,
    double HitAt10,
    double ReciprocalRank,
    double NdcgAt10,
    int? FirstRelevantRank,
    IReadOnlyList<string> Expected,
    IReadOnlyList<string> TopRanked);

/// <summary>The means over all judged requests, and each request's figures.</summary>
public sealed record EvaluationReport(double HitAt1, double HitAt3, double HitAt10, double Mrr, double NdcgAt10, IReadOnlyList<RequestEvaluation> Requests);

/// <summary>Ranking quality metrics against an expert's judgement (pure; see FORMATS.md "Evaluation set").</summary>
public static class MatchEvaluation
{
    public static RequestEvaluation ForRequest(string requestId, IReadOnlyList<string> ranked, IReadOnlyList<string> expected)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(expected);
        var judged = expected.Distinct(StringComparer.Ordinal).ToList();
        var gains = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < judged.Count; i++)
        {
            gains[judged[i]] = judged.Count - i;
        }

        int? first = null;
        for (var i = 0; i < ranked.Count; i++)
        {
            if (gains.ContainsKey(ranked[i]))
            {
                first = i + 1;
                break;
            }
        }

        double Hit(int k) => first is { } r && r <= k ? 1 : 0;

        var dcg = 0.0;
        for (var i = 0; i < Math.Min(10, ranked.Count); i++)
        {
            dcg += gains.GetValueOrDefault(ranked[i]) / Math.Log2(i + 2);
        }

        var ideal = 0.0;
        var idealGains = gains.Values.OrderDescending().Take(10).ToList();
        for (var i = 0; i < idealGains.Count; i++)
        {
            ideal += idealGains[i] / Math.Log2(i + 2);
        }

        return new RequestEvaluation(requestId, Hit(1), Hit(3), Hit(10), first is { } rank ? 1.0 / rank : 0, ideal > 0 ? dcg / ideal : 0, first,
            judged, [.. ranked.Take(10)]);
    }

    public static EvaluationReport Summarize(IEnumerable<RequestEvaluation> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var list = requests.ToList();
        if (list.Count == 0)
        {
            return new EvaluationReport(0, 0, 0, 0, 0, list);
        }

        return new EvaluationReport(list.Average(r => r.HitAt1), list.Average(r => r.HitAt3), list.Average(r => r.HitAt10),
            list.Average(r => r.ReciprocalRank), list.Average(r => r.NdcgAt10), list);
    }
}
