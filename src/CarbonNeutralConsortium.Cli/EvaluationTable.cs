using System.Globalization;
using System.Text;
using CarbonNeutralConsortium.Domain.Matching;

namespace CarbonNeutralConsortium.Cli;

/// <summary>The plain-text table of <c>cnc evaluate</c>: overall figures, then one line per judged request.</summary>
internal static class EvaluationTable
{
    public static string Format(EvaluationReport report, string engineVersion, bool english)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{(english ? "Engine" : "엔진")}: {engineVersion}");
        text.AppendLine(c, $"{(english ? "Judged requests" : "평가 요청 수")}: {report.Requests.Count}");
        text.AppendLine();
        text.AppendLine(c, $"{(english ? "Overall" : "전체"),-12} {"hit@1",7} {"hit@3",7} {"hit@10",7} {"MRR",7} {"nDCG@10",8}");
        text.AppendLine(c, $"{"",-12} {report.HitAt1,7:0.000} {report.HitAt3,7:0.000} {report.HitAt10,7:0.000} {report.Mrr,7:0.000} {report.NdcgAt10,8:0.000}");
        text.AppendLine();
        var width = Math.Max(12, report.Requests.Select(r => r.RequestId.Length).DefaultIfEmpty(0).Max());
        var firstRank = english ? "first right" : "첫 정답 순위";
        var top3 = english ? "engine top 3" : "엔진 상위 3";
        var judged = english ? "judged right" : "정답(전문가)";
        text.AppendLine(c, $"{(english ? "Request" : "요청").PadRight(width)} {"hit@1",6} {"hit@3",6} {"hit@10",6} {"RR",6} {"nDCG",6} {firstRank,10}  {top3} | {judged}");
        foreach (var r in report.Requests)
        {
            var rank = r.FirstRelevantRank?.ToString(c) ?? "-";
            text.AppendLine(c, $"{r.RequestId.PadRight(width)} {r.HitAt1,6:0} {r.HitAt3,6:0} {r.HitAt10,6:0} {r.ReciprocalRank,6:0.000} {r.NdcgAt10,6:0.000} {rank,10}  " +
                $"{string.Join(", ", r.TopRanked.Take(3))} | {string.Join(", ", r.Expected)}");
        }

        return text.ToString();
    }
}
