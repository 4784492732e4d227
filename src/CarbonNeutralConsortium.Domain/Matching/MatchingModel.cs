using CarbonNeutralConsortium.Domain.Matches;

namespace CarbonNeutralConsortium.Domain.Matching;

/// <summary>
/// What the engine knows of a partnership request (a stored request, or one line of the JSON Lines file of
/// FORMATS.md). <paramref name="Id"/> is the request's id as the caller names it (Guid or external_id).
/// </summary>
public sealed record MatchingRequest(
    string Id,
    string Title,
    string? Summary,
    string? Details,
    string SectorCode,
    IReadOnlyList<string> TechnologyCodes,
    string? CooperationTypeCode,
    IReadOnlyList<string> PreferredCountries,
    IReadOnlyList<string> ExcludedCountries,
    IReadOnlyList<string> PreferredPartnerTypes,
    int? TrlCurrent,
    int? TrlTarget,
    IReadOnlyList<string> Keywords,
    string? LeadOrganizationCode);

/// <summary>Earlier outcomes of a partner across the consortium (matches the companies accepted; agreements).</summary>
public sealed record PartnerTrackRecord(int AcceptedMatches, int Agreements)
{
    public static readonly PartnerTrackRecord None = new(0, 0);
}

/// <summary>What the engine knows of an overseas partner. <paramref name="Id"/> is the stored id or the CSV external_id.</summary>
public sealed record MatchingPartner(
    string Id,
    string Name,
    string? NameKo,
    string CountryCode,
    string PartnerTypeCode,
    IReadOnlyList<string> TechnologyCodes,
    IReadOnlyList<string> CooperationTypes,
    int? TrlMin,
    int? TrlMax,
    IReadOnlyList<string> Keywords,
    string? Description,
    IReadOnlyList<string> LinkedInstitutes,
    bool IsActive,
    PartnerTrackRecord TrackRecord);

/// <summary>Why a partner is not a candidate at all (a hard filter), in both languages.</summary>
public enum ExclusionReason
{
    Inactive,
    ExcludedCountry,
    PartnerTypeRuledOut,
    CooperationTypeNotOffered,
}

public sealed record Exclusion(ExclusionReason Reason, string ReasonKo, string ReasonEn);

/// <summary>
/// The engine's verdict on one partner for one request: excluded (with why), or a score with its factors. The engine
/// fills <see cref="Factors"/> (the reasons, in two languages) when it is first read: a ranking scores hundreds of
/// candidates and explains the few a page shows.
/// </summary>
public sealed record PartnerEvaluation
{
    private readonly Lazy<IReadOnlyList<MatchFactor>> factors;

    public PartnerEvaluation(MatchingPartner partner, double score, IReadOnlyList<MatchFactor> factors, IReadOnlyList<Exclusion> exclusions)
    {
        ArgumentNullException.ThrowIfNull(factors);
        Partner = partner;
        Score = score;
        this.factors = new Lazy<IReadOnlyList<MatchFactor>>(factors);
        TechnologyPoints = factors.FirstOrDefault(f => f.Factor == MatchFactorNames.Technology)?.Points ?? 0;
        KeywordPoints = factors.FirstOrDefault(f => f.Factor == MatchFactorNames.Keywords)?.Points ?? 0;
        Exclusions = exclusions;
    }

    /// <summary>An evaluation whose factors are explained on first use (the points given must be those the explanation gives).</summary>
    internal PartnerEvaluation(MatchingPartner partner, double score, double technologyPoints, double keywordPoints, Func<IReadOnlyList<MatchFactor>> explain,
        IReadOnlyList<Exclusion> exclusions)
    {
        Partner = partner;
        Score = score;
        factors = new Lazy<IReadOnlyList<MatchFactor>>(explain);
        TechnologyPoints = technologyPoints;
        KeywordPoints = keywordPoints;
        Exclusions = exclusions;
    }

    public MatchingPartner Partner { get; init; }

    public double Score { get; }

    /// <summary>Every factor in the weights' order, with its points and reasons in Korean and English.</summary>
    public IReadOnlyList<MatchFactor> Factors => factors.Value;

    public IReadOnlyList<Exclusion> Exclusions { get; }

    /// <summary>The technology factor's points (the first tie-break of a ranking).</summary>
    public double TechnologyPoints { get; }

    /// <summary>The keyword factor's points (the second tie-break).</summary>
    public double KeywordPoints { get; }

    public bool IsExcluded => Exclusions.Count > 0;
}

/// <summary>A candidate in rank order (1 = best).</summary>
public sealed record RankedPartner(int Rank, PartnerEvaluation Evaluation);

/// <summary>A technology leaf or area of the taxonomy, with its parent and names (for reasons).</summary>
public sealed record TechnologyTerm(string Code, string? Parent, string NameKo, string NameEn);

/// <summary>
/// The reference data the engine's reasons name (technology areas and their parents; countries, partner types,
/// cooperation types and organizations by code → (ko, en)). Codes missing from a dictionary are shown as codes.
/// </summary>
public sealed record MatchingVocabulary(
    IReadOnlyDictionary<string, TechnologyTerm> Technologies,
    IReadOnlyDictionary<string, (string Ko, string En)> Countries,
    IReadOnlyDictionary<string, (string Ko, string En)> PartnerTypes,
    IReadOnlyDictionary<string, (string Ko, string En)> CooperationTypes,
    IReadOnlyDictionary<string, (string Ko, string En)> Organizations);

/// <summary>
/// The maximum points of each factor (configuration section Matching:Weights). They must be non-negative and sum
/// to 100, so a score is 0–100 and each factor's share is visible in its points.
/// </summary>
public sealed class MatchingWeights
{
    public double Technology { get; set; } = 35;

    public double Keywords { get; set; } = 20;

    public double Country { get; set; } = 10;

    public double PartnerType { get; set; } = 7;

    public double CooperationType { get; set; } = 8;

    public double Trl { get; set; } = 8;

    public double Network { get; set; } = 6;

    public double TrackRecord { get; set; } = 6;

    public IReadOnlyList<(string Factor, double Weight)> All =>
    [
        (MatchFactorNames.Technology, Technology), (MatchFactorNames.Keywords, Keywords), (MatchFactorNames.Country, Country),
        (MatchFactorNames.PartnerType, PartnerType), (MatchFactorNames.CooperationType, CooperationType), (MatchFactorNames.Trl, Trl),
        (MatchFactorNames.Network, Network), (MatchFactorNames.TrackRecord, TrackRecord),
    ];

    /// <summary>True when every weight is a finite non-negative number and they sum to 100 (±0.001).</summary>
    public bool IsValid() => All.All(w => double.IsFinite(w.Weight) && w.Weight >= 0) && Math.Abs(All.Sum(w => w.Weight) - 100) < 0.001;
}

/// <summary>The factor names of FORMATS.md's match results (stable: files and frozen matches carry them).</summary>
public static class MatchFactorNames
{
    public const string Technology = "technology";
    public const string Keywords = "keywords";
    public const string Country = "country";
    public const string PartnerType = "partner_type";
    public const string CooperationType = "cooperation_type";
    public const string Trl = "trl";
    public const string Network = "network";
    public const string TrackRecord = "track_record";
}
