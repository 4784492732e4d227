using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>The match results of FORMATS.md (snake_case JSON through <see cref="MatchResultsJson.Options"/>).</summary>
public sealed record MatchResultsDocument(string EngineVersion, IReadOnlyList<RequestMatchesDocument> Results);

public sealed record RequestMatchesDocument(string RequestId, IReadOnlyList<MatchDocument> Matches);

public sealed record MatchDocument(string PartnerId, int Rank, double Score, IReadOnlyList<FactorDocument> Factors, bool Excluded);

public sealed record FactorDocument(string Factor, double Points, string Reason);

public static class MatchResultsJson
{
    /// <summary>
    /// snake_case, compact, Korean and symbols such as + written as they are (not \uXXXX escapes). The documents are
    /// served as application/json and written to files, never embedded in HTML, so the relaxed encoder is safe here.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The matches of one request in rank order, with the factor reasons in one language.</summary>
    public static RequestMatchesDocument ForRequest(string requestId, IEnumerable<RankedPartner> ranked, bool english)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        return new RequestMatchesDocument(requestId, [.. ranked.Select(r => new MatchDocument(
            r.Evaluation.Partner.Id,
            r.Rank,
            r.Evaluation.Score,
            [.. r.Evaluation.Factors.Select(f => new FactorDocument(f.Factor, f.Points, english ? f.ReasonEn : f.ReasonKo))],
            r.Evaluation.IsExcluded))]);
    }
}

/// <summary>A batch input file that cannot be used, with every problem found (line or row numbers included).</summary>
public sealed class MatchInputException : Exception
{
    public MatchInputException() : this("Invalid input.", []) { }

    public MatchInputException(string message) : this(message, []) { }

    public MatchInputException(string message, Exception innerException) : base(message, innerException) => Problems = [];

    public MatchInputException(string message, IReadOnlyList<string> problems) : base(message) => Problems = problems;

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>One problem of the requests file: its line number (1-based) and what is wrong.</summary>
public sealed record MatchFileError(int Line, string Message)
{
    public override string ToString() => $"line {Line.ToString(CultureInfo.InvariantCulture)}: {Message}";
}

/// <summary>The requests JSON Lines of FORMATS.md (one request a line; blank lines skipped).</summary>
public static class MatchFiles
{
    public const int MaxRequests = 100_000;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "external_id", "title", "description", "summary", "details", "sector", "technology_codes", "cooperation_type", "preferred_countries",
        "excluded_countries", "preferred_partner_types", "trl_current", "trl_target", "keywords",
    };

    /// <summary>
    /// Reads every line; returns the requests and every error (invalid JSON, a missing required field, a wrong type,
    /// an unknown code, a repeated external_id). <c>description</c> becomes the request's summary; the lead institute is
    /// the sector's lead (for the network factor). Unknown fields are ignored (newer writers may add some).
    /// </summary>
    public static (IReadOnlyList<MatchingRequest> Requests, IReadOnlyList<MatchFileError> Errors) ReadRequests(TextReader reader, MatchingVocabularies reference)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(reference);
        var requests = new List<MatchingRequest>();
        var errors = new List<MatchFileError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (requests.Count >= MaxRequests)
            {
                errors.Add(new MatchFileError(lineNumber, $"more than {MaxRequests} requests in one file"));
                break;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                errors.Add(new MatchFileError(lineNumber, $"invalid JSON ({ex.Message.Split(" Path:", 2)[0].TrimEnd('.')})"));
                continue;
            }

            using (document)
            {
                var lineErrors = new List<string>();
                var request = ReadRequest(document.RootElement, reference, lineErrors);
                if (request is not null && !ids.Add(request.Id))
                {
                    lineErrors.Add($"external_id \"{request.Id}\" is repeated (an earlier line has it)");
                }

                errors.AddRange(lineErrors.Select(e => new MatchFileError(lineNumber, e)));
                if (lineErrors.Count == 0 && request is not null)
                {
                    requests.Add(request);
                }
            }
        }

        return (requests, errors);
    }

    private static MatchingRequest? ReadRequest(JsonElement root, MatchingVocabularies reference, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("a line must be one JSON object");
            return null;
        }

        var vocabulary = reference.Vocabulary;
        var id = RequiredString(root, "external_id", errors);
        var title = RequiredString(root, "title", errors);
        var sector = RequiredString(root, "sector", errors);
        if (sector is not null && !reference.SectorLeads.ContainsKey(sector))
        {
            errors.Add($"sector: unknown code \"{sector}\" (known: {string.Join(", ", reference.SectorLeads.Keys.Order(StringComparer.Ordinal))})");
        }

        var technologies = StringList(root, "technology_codes", errors);
        if (technologies.Count == 0 && !errors.Any(e => e.StartsWith("technology_codes", StringComparison.Ordinal)))
        {
            errors.Add("technology_codes: required (at least one taxonomy code)");
        }

        Unknown("technology_codes", technologies, vocabulary.Technologies.ContainsKey, errors);
        var cooperation = OptionalString(root, "cooperation_type", errors);
        if (cooperation is not null)
        {
            Unknown("cooperation_type", [cooperation], vocabulary.CooperationTypes.ContainsKey, errors);
        }

        var preferred = StringList(root, "preferred_countries", errors).Select(c => c.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        Unknown("preferred_countries", preferred, vocabulary.Countries.ContainsKey, errors);
        var excluded = StringList(root, "excluded_countries", errors).Select(c => c.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        Unknown("excluded_countries", excluded, vocabulary.Countries.ContainsKey, errors);
        var types = StringList(root, "preferred_partner_types", errors);
        Unknown("preferred_partner_types", types, vocabulary.PartnerTypes.ContainsKey, errors);
        var trlCurrent = Trl(root, "trl_current", errors);
        var trlTarget = Trl(root, "trl_target", errors);
        if (trlCurrent is { } current && trlTarget is { } target && current > target)
        {
            errors.Add($"trl_current ({current}) is above trl_target ({target})");
        }

        var keywords = StringList(root, "keywords", errors);
        var summary = OptionalString(root, "description", errors) ?? OptionalString(root, "summary", errors);
        var details = OptionalString(root, "details", errors);
        if (errors.Count > 0 || id is null || title is null || sector is null)
        {
            return null;
        }

        return new MatchingRequest(id, title, summary, details, sector, technologies, cooperation, preferred, excluded, types, trlCurrent, trlTarget,
            keywords, reference.SectorLeads[sector]);
    }

    private static string? RequiredString(JsonElement root, string name, List<string> errors)
    {
        var value = OptionalString(root, name, errors);
        if (value is null && !errors.Any(e => e.StartsWith(name + ":", StringComparison.Ordinal)))
        {
            errors.Add($"{name}: required");
        }

        return value;
    }

    private static string? OptionalString(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{name}: must be a string");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (!PartnerCsv.IsValidText(text, multiline: true))
        {
            errors.Add($"{name}: contains control characters or broken text");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static List<string> StringList(JsonElement root, string name, List<string> errors)
    {
        var items = new List<string>();
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return items;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            errors.Add($"{name}: must be an array of strings");
            return items;
        }

        foreach (var item in value.EnumerateArray().Select(v => v.GetString()!.Trim()))
        {
            if (item.Length > 0 && !items.Contains(item, StringComparer.Ordinal))
            {
                items.Add(item);
            }
        }

        return items;
    }

    private static int? Trl(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var trl) && trl is >= 1 and <= 9)
        {
            return trl;
        }

        errors.Add($"{name}: must be a whole number from 1 to 9");
        return null;
    }

    private static void Unknown(string name, IEnumerable<string> codes, Func<string, bool> known, List<string> errors) =>
        errors.AddRange(codes.Where(c => !known(c)).Select(c => $"{name}: unknown code \"{c}\""));
}
