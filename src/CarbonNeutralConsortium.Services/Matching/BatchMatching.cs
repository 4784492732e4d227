using System.Globalization;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// <c>cnc match</c> and <c>cnc evaluate</c> on files alone (FORMATS.md): partners from CSV, requests from JSON Lines,
/// judgements from JSON. A file that cannot be used throws <see cref="MatchInputException"/> listing every problem.
/// </summary>
public sealed class BatchMatching(MatchingEngine engine, MatchingVocabularies reference)
{
    /// <summary>How many problems an exception lists at most (the count says how many there were).</summary>
    public const int MaxProblemsShown = 50;

    public string EngineVersion => engine.Version;

    /// <summary>The top <paramref name="top"/> partners of each request, in file order of the requests.</summary>
    public MatchResultsDocument Match(TextReader partnersCsv, TextReader requestsJsonl, int top, bool english)
    {
        if (top < 1)
        {
            throw new MatchInputException("--top must be at least 1.");
        }

        var partners = ReadPartners(partnersCsv);
        var requests = ReadRequests(requestsJsonl);
        var results = requests
            .Select(r => MatchResultsJson.ForRequest(r.Id, engine.Rank(r, partners).Take(top), english))
            .ToList();
        return new MatchResultsDocument(engine.Version, results);
    }

    /// <summary>hit@1/3/10, MRR and nDCG@10 of the engine's full ranking against the judgements, for each judged request.</summary>
    public EvaluationReport Evaluate(TextReader partnersCsv, TextReader requestsJsonl, TextReader expectedJson)
    {
        var partners = ReadPartners(partnersCsv);
        var requests = ReadRequests(requestsJsonl);
        var expected = ReadExpected(expectedJson);

        var byId = requests.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var partnerIds = partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (requestId, judged) in expected)
        {
            if (!byId.ContainsKey(requestId))
            {
                problems.Add($"expected: request \"{requestId}\" is not in the requests file");
            }

            problems.AddRange(judged.Where(p => !partnerIds.Contains(p)).Select(p => $"expected: partner \"{p}\" of request \"{requestId}\" is not in the partners file"));
            if (judged.Count == 0)
            {
                problems.Add($"expected: request \"{requestId}\" lists no partner");
            }
        }

        ThrowIfAny("The expected judgements do not fit the files.", problems);
        var evaluations = expected
            .Select(e => MatchEvaluation.ForRequest(e.Key, [.. engine.Rank(byId[e.Key], partners).Select(r => r.Evaluation.Partner.Id)], e.Value))
            .ToList();
        return MatchEvaluation.Summarize(evaluations);
    }

    private List<MatchingPartner> ReadPartners(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = PartnerCsv.Read(reader, reference.CodeBook);
        ThrowIfAny("The partners file has errors.",
            [.. result.Errors.Select(e => $"row {e.Row.ToString(CultureInfo.InvariantCulture)}{(e.Column.Length > 0 ? ", " + e.Column : "")}: {e.Code}{(e.Value is null ? "" : $" \"{e.Value}\"")}")]);
        return [.. result.Rows.Select(r => ToMatchingPartner(r.Data))];
    }

    private List<MatchingRequest> ReadRequests(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (requests, errors) = MatchFiles.ReadRequests(reader, reference);
        ThrowIfAny("The requests file has errors.", [.. errors.Select(e => e.ToString())]);
        if (requests.Count == 0)
        {
            throw new MatchInputException("The requests file has no request.");
        }

        return [.. requests];
    }

    /// <summary>The judgements file: an object mapping each request id to partner ids, best first.</summary>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> ReadExpected(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(reader.ReadToEnd().TrimStart('\uFEFF'));
        }
        catch (JsonException ex)
        {
            throw new MatchInputException($"The expected file is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new MatchInputException("The expected file must be one JSON object mapping request ids to arrays of partner ids.");
            }

            var problems = new List<string>();
            var expected = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                {
                    problems.Add($"expected: \"{property.Name}\" must map to an array of partner ids");
                    continue;
                }

                expected.Add(new(property.Name, [.. property.Value.EnumerateArray().Select(v => v.GetString()!)]));
            }

            ThrowIfAny("The expected file has errors.", problems);
            if (expected.Count == 0)
            {
                throw new MatchInputException("The expected file judges no request.");
            }

            return expected;
        }
    }

    public static MatchingPartner ToMatchingPartner(OverseasPartnerData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new MatchingPartner(data.ExternalId, data.Name, data.NameKo, data.CountryCode, data.PartnerTypeCode, data.TechnologyCodes, data.CooperationTypes,
            data.TrlMin, data.TrlMax, data.Keywords, data.Description, data.LinkedInstitutes, IsActive: true, PartnerTrackRecord.None);
    }

    private static void ThrowIfAny(string message, List<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var shown = problems.Take(MaxProblemsShown).ToList();
        if (problems.Count > shown.Count)
        {
            shown.Add($"... and {problems.Count - shown.Count} more");
        }

        throw new MatchInputException($"{message} ({problems.Count} problem(s))", shown);
    }
}
