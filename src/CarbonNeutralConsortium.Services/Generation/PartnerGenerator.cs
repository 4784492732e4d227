using CarbonNeutralConsortium.Domain.Matching;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// Generated overseas partners for the matching benchmark, the same as <c>cnc generate</c> makes them: technology
/// areas skewed (a few areas hold most partners, Zipf-like over the taxonomy's leaves), countries weighted towards the
/// large research nations, Korean and English names, keywords and descriptions, search terms from
/// <see cref="TextTerms"/>, written with binary COPY. The same seed gives the same partners.
/// </summary>
public sealed class PartnerGenerator(MatchingVocabulary vocabulary, int seed)
{
    private static readonly string[] Countries = ["US", "DE", "JP", "CN", "GB", "FR", "CA", "NL"];

    private static readonly string[] CooperationTypes = ["technology_introduction", "joint_research", "technical_consulting", "testing_certification"];

    private static readonly string[] Institutes = ["ETRI", "KITECH", "KIMM", "KRICT", "KATECH", "KETI"];

    /// <summary>The leaves from the most to the least popular, the order the partners of this seed follow.</summary>
    public IReadOnlyList<TechnologyTerm> Leaves { get; } = LeavesByPopularity(vocabulary, seed);

    /// <summary>Zipf-like weights over the leaves (as the partners'): the first hold many requests, the last few.</summary>
    private double[] LeafWeights => Weights.Zipf(Leaves.Count, 0.9);

    /// <summary>Writes <paramref name="count"/> partners into overseas_partners (an existing table, appended to) with binary COPY.</summary>
    public async Task<int> CopyAsync(NpgsqlConnection connection, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var plan = Plan(seed, count);
        plan.BuildPartnersOnly(count);
        var load = new TableWriters(plan, new UserSettings(null, Guid.Empty, Guid.Empty, Guid.Empty, email => email.ToUpperInvariant())).All
            .Single(l => l.Table == "overseas_partners");
        await using var stream = await connection.BeginRawBinaryCopyAsync($"COPY {load.Table} ({load.Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var writer = new PgCopyWriter(stream);
        load.Write(writer);
        writer.Complete();
        return count;
    }

    /// <summary>A request an SME might write: one or two leaves (the same skew), Korean or English, with preferences.</summary>
    public MatchingRequest Request(Random random, int index)
    {
        ArgumentNullException.ThrowIfNull(random);
        var weights = LeafWeights;
        var leaves = Enumerable.Range(0, 1 + Weighted(random, [70, 30])).Select(_ => Leaves[Weighted(random, weights)]).DistinctBy(l => l.Code).ToList();
        var korean = random.NextDouble() < 0.6;
        var genericKo = GenerationText.GenericKo;
        var genericEn = GenerationText.GenericEn;
        var title = korean ? $"{leaves[0].NameKo} 기술 도입 및 {genericKo[random.Next(genericKo.Length)]} 협력" : $"{leaves[0].NameEn} with {genericEn[random.Next(genericEn.Length)]}";
        var summary = korean
            ? $"당사는 {string.Join(", ", leaves.Select(l => l.NameKo))} 분야에서 {genericKo[random.Next(genericKo.Length)]}을 위한 해외 협력기관을 찾고 있습니다."
            : $"We look for a partner in {string.Join(" and ", leaves.Select(l => l.NameEn.ToLowerInvariant()))} for {genericEn[random.Next(genericEn.Length)]}.";
        var keywords = korean ? new[] { genericKo[random.Next(genericKo.Length)], leaves[0].NameKo.Split('·', '(')[0] } : [genericEn[random.Next(genericEn.Length)]];
        var preferred = random.NextDouble() < 0.6 ? Countries.Where(_ => random.NextDouble() < 0.3).ToList() : [];
        var excluded = random.NextDouble() < 0.2 ? new List<string> { "CN" } : [];
        var types = random.NextDouble() < 0.3 ? new List<string> { "university", "research_institute" } : [];
        var current = random.Next(2, 6);
        return new MatchingRequest($"B-{index}", title, summary, null, "PETROCHEMICAL", [.. leaves.Select(l => l.Code)], CooperationTypes[random.Next(4)],
            preferred, excluded, types, current, Math.Min(9, current + random.Next(1, 4)), keywords, Institutes[random.Next(Institutes.Length)]);
    }

    private static GenerationPlan Plan(int seed, int partners) =>
        new(new GenerationOptions(new GeneratorScale("partners", 1, 1, partners, 0), seed, new DateOnly(2026, 1, 1), null, false),
            new EngineSettings(new MatchingWeights(), MatchingEngine.Algorithm));

    private static List<TechnologyTerm> LeavesByPopularity(MatchingVocabulary vocabulary, int seed)
    {
        var plan = Plan(seed, 10);
        return [.. plan.LeafOrder.Select(i => vocabulary.Technologies[plan.Reference.Leaves[i].Code])];
    }

    private static int Weighted(Random random, double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
