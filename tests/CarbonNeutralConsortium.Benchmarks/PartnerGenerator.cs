using CarbonNeutralConsortium.Domain.Matching;
using Npgsql;
using NpgsqlTypes;

namespace CarbonNeutralConsortium.Benchmarks;

/// <summary>
/// Generated overseas partners with a realistic shape: technology areas skewed (a few areas hold most partners),
/// countries weighted towards the large research nations, Korean and English keywords and descriptions drawn from
/// the taxonomy's names, written with Npgsql binary COPY. The same seed gives the same partners.
/// </summary>
internal sealed class PartnerGenerator(MatchingVocabulary vocabulary, int seed)
{
    private static readonly (string Code, int Weight)[] Countries =
    [
        ("US", 22), ("DE", 12), ("JP", 10), ("CN", 8), ("GB", 7), ("FR", 6), ("CA", 5), ("NL", 4), ("FI", 3), ("SE", 3), ("CH", 3), ("IT", 3),
        ("ES", 2), ("AU", 2), ("DK", 2), ("NO", 2), ("BE", 2), ("AT", 1), ("SG", 1), ("IL", 1), ("IN", 1),
    ];

    private static readonly (string Code, int Weight)[] Types =
        [("university", 35), ("research_institute", 30), ("company", 25), ("public_agency", 6), ("other", 4)];

    private static readonly string[] CooperationTypes =
        ["technology_introduction", "joint_research", "technical_consulting", "testing_certification", "standards", "talent_exchange"];

    private static readonly string[] Institutes = ["ETRI", "KITECH", "KIMM", "KRICT", "KATECH", "KETI"];

    private static readonly string[] GenericEn =
        ["pilot plant", "catalyst", "process design", "scale-up", "life-cycle assessment", "membrane", "sensor", "control system", "modelling", "demonstration",
         "efficiency", "emission reduction", "materials", "electrochemistry", "recycling", "simulation", "prototype", "testing facility"];

    private static readonly string[] GenericKo =
        ["실증", "촉매", "공정 설계", "스케일업", "전과정평가", "분리막", "센서", "제어 시스템", "모델링", "효율 향상", "배출 저감", "소재", "전기화학", "재활용", "시뮬레이션", "시제품"];

    public IReadOnlyList<TechnologyTerm> Leaves { get; } = [.. vocabulary.Technologies.Values.Where(t => t.Parent is not null).OrderBy(t => t.Code, StringComparer.Ordinal)];

    /// <summary>Zipf-like weights over the leaves: the first areas hold many partners, the last few.</summary>
    private double[] LeafWeights => [.. Leaves.Select((_, i) => 1.0 / Math.Pow(i + 1, 0.8))];

    public async Task<int> CopyAsync(NpgsqlConnection connection, int count, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var weights = LeafWeights;
        var created = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY overseas_partners (id, external_id, name, name_ko, country_code, partner_type_code, technology_codes, cooperation_types, trl_min, trl_max, " +
            "keywords, description, website, contact_email, linked_institutes, is_active, owner_organization_code, search_terms, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var leaves = Enumerable.Range(0, 1 + Weighted(random, [55, 35, 10])).Select(_ => Leaves[Weighted(random, weights)]).DistinctBy(l => l.Code).ToList();
            var country = Countries[Weighted(random, Countries.Select(c => (double)c.Weight).ToArray())].Code;
            var type = Types[Weighted(random, Types.Select(t => (double)t.Weight).ToArray())].Code;
            var name = $"{Prefix(type, random)} {leaves[0].NameEn.Split(' ')[0]} Lab {i:D6}";
            var keywords = leaves.SelectMany(l => new[] { l.NameKo.Split('·', '(')[0].Trim(), l.NameEn.Split(' ', 3) is { Length: > 1 } w ? $"{w[0]} {w[1]}".ToLowerInvariant() : l.NameEn.ToLowerInvariant() })
                .Append(GenericEn[random.Next(GenericEn.Length)]).Append(GenericKo[random.Next(GenericKo.Length)]).Distinct().ToList();
            var description = $"{name} works on {string.Join(" and ", leaves.Select(l => l.NameEn.ToLowerInvariant()))}, with {GenericEn[random.Next(GenericEn.Length)]} " +
                $"and {GenericEn[random.Next(GenericEn.Length)]}. {string.Join(", ", leaves.Select(l => l.NameKo))} 분야의 {GenericKo[random.Next(GenericKo.Length)]} 협력.";
            var cooperation = random.NextDouble() < 0.4 ? [] : CooperationTypes.Where(_ => random.NextDouble() < 0.45).ToList();
            int? trlMin = random.NextDouble() < 0.2 ? null : random.Next(1, 7);
            int? trlMax = trlMin is { } min ? Math.Min(9, min + random.Next(1, 5)) : null;
            var linked = random.NextDouble() < 0.15 ? new List<string> { Institutes[random.Next(Institutes.Length)] } : [];
            var terms = TextTerms.Extract([name, null, description, .. keywords]);
            var at = created.AddMinutes(random.Next(0, 60 * 24 * 365 * 5));

            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync($"GEN-{seed}-{i:D7}", NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(name, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullAsync(cancellationToken);
            await writer.WriteAsync(country, NpgsqlDbType.Char, cancellationToken);
            await writer.WriteAsync(type, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(leaves.Select(l => l.Code).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(cooperation.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, trlMin, cancellationToken);
            await WriteNullableAsync(writer, trlMax, cancellationToken);
            await writer.WriteAsync(keywords.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(description, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync($"https://example.org/partners/{i}", NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullAsync(cancellationToken);
            await writer.WriteAsync(linked.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(random.NextDouble() > 0.05, NpgsqlDbType.Boolean, cancellationToken);
            await writer.WriteAsync(Institutes[random.Next(Institutes.Length)], NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(terms.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
        return count;
    }

    /// <summary>A request an SME might write: one or two leaves (same skew), Korean or English, with preferences.</summary>
    public MatchingRequest Request(Random random, int index)
    {
        var weights = LeafWeights;
        var leaves = Enumerable.Range(0, 1 + Weighted(random, [70, 30])).Select(_ => Leaves[Weighted(random, weights)]).DistinctBy(l => l.Code).ToList();
        var korean = random.NextDouble() < 0.6;
        var title = korean ? $"{leaves[0].NameKo} 기술 도입 및 {GenericKo[random.Next(GenericKo.Length)]} 협력" : $"{leaves[0].NameEn} with {GenericEn[random.Next(GenericEn.Length)]}";
        var summary = korean
            ? $"당사는 {string.Join(", ", leaves.Select(l => l.NameKo))} 분야에서 {GenericKo[random.Next(GenericKo.Length)]}을 위한 해외 협력기관을 찾고 있습니다."
            : $"We look for a partner in {string.Join(" and ", leaves.Select(l => l.NameEn.ToLowerInvariant()))} for {GenericEn[random.Next(GenericEn.Length)]}.";
        var keywords = korean ? new[] { GenericKo[random.Next(GenericKo.Length)], leaves[0].NameKo.Split('·', '(')[0] } : [GenericEn[random.Next(GenericEn.Length)]];
        var preferred = random.NextDouble() < 0.6 ? Countries.Take(8).Where(_ => random.NextDouble() < 0.3).Select(c => c.Code).ToList() : [];
        var excluded = random.NextDouble() < 0.2 ? new List<string> { "CN" } : [];
        var types = random.NextDouble() < 0.3 ? new List<string> { "university", "research_institute" } : [];
        var current = random.Next(2, 6);
        return new MatchingRequest($"B-{index}", title, summary, null, "PETROCHEMICAL", [.. leaves.Select(l => l.Code)], CooperationTypes[random.Next(4)],
            preferred, excluded, types, current, Math.Min(9, current + random.Next(1, 4)), keywords, Institutes[random.Next(Institutes.Length)]);
    }

    private static string Prefix(string type, Random random) => type switch
    {
        "university" => random.NextDouble() < 0.5 ? "University of" : "Institute of Technology",
        "research_institute" => "Research Centre",
        "company" => "Technologies",
        "public_agency" => "Agency",
        _ => "Consortium",
    };

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

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, int? value, CancellationToken cancellationToken)
    {
        if (value is { } v)
        {
            await writer.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken);
        }
    }
}
