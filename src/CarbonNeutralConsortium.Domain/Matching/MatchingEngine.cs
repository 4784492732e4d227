using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CarbonNeutralConsortium.Domain.Matches;

namespace CarbonNeutralConsortium.Domain.Matching;

/// <summary>
/// The explainable matching engine: hard filters, then a score 0–100 as the sum of weighted factors, each with its
/// points and a one-line reason in Korean and English. Pure and deterministic: the same input always gives the same
/// output (no clock, no randomness, no culture-dependent comparison).
/// </summary>
public sealed class MatchingEngine
{
    /// <summary>The scoring logic's version: bump when a rule changes (frozen matches carry <see cref="Version"/>).</summary>
    public const string Algorithm = "cnc-match/1";

    private readonly MatchingVocabulary _vocabulary;
    private readonly MatchingWeights _weights;
    private readonly IReadOnlyList<(string Factor, double Weight)> _factorWeights;
    private readonly Names _names;

    public MatchingEngine(MatchingVocabulary vocabulary, MatchingWeights weights)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(weights);
        if (!weights.IsValid())
        {
            throw new ArgumentException("Matching weights must be finite, non-negative and sum to 100.", nameof(weights));
        }

        _vocabulary = vocabulary;
        _weights = new MatchingWeights
        {
            Technology = weights.Technology, Keywords = weights.Keywords, Country = weights.Country, PartnerType = weights.PartnerType,
            CooperationType = weights.CooperationType, Trl = weights.Trl, Network = weights.Network, TrackRecord = weights.TrackRecord,
        };
        _factorWeights = _weights.All;
        _names = new Names(vocabulary);
        Version = Algorithm + "+w" + WeightsHash(_weights);
    }

    /// <summary><see cref="Algorithm"/> + "+w" + a short stable hash of the weights (a change of weights changes it).</summary>
    public string Version { get; }

    public MatchingWeights Weights => _weights;

    /// <summary>
    /// The verdict on one partner: exclusions (if any) and always the full factor list, for "why not". The score and
    /// the points that break ties are computed at once; the reasons (text in two languages, most of the engine's work)
    /// when <see cref="PartnerEvaluation.Factors"/> is first read, so a ranking of hundreds of candidates explains only
    /// those a page or a response shows.
    /// </summary>
    public PartnerEvaluation Evaluate(MatchingRequest request, MatchingPartner partner)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(partner);
        return Evaluate(PreparedRequest.From(request), partner);
    }

    /// <summary>The candidates in rank order (excluded partners left out): score, then technology and keyword points, then id.</summary>
    public IReadOnlyList<RankedPartner> Rank(MatchingRequest request, IEnumerable<MatchingPartner> partners)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(partners);
        var prepared = PreparedRequest.From(request);
        var evaluations = partners.Select(p => Evaluate(prepared, p)).Where(e => !e.IsExcluded).ToList();
        evaluations.Sort(CompareForRank);
        return [.. evaluations.Select((e, i) => new RankedPartner(i + 1, e))];
    }

    /// <summary>
    /// The request's text terms the keyword factor compares, each with its weight (keywords 3, title 2, summary and
    /// details 1; generic terms left out), in ordinal order: what SQL retrieval should look for.
    /// </summary>
    public static IReadOnlyList<(string Term, double Weight)> WeightedTerms(MatchingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PreparedRequest.From(request).TermWeights;
    }

    /// <summary>The stable rank rule: score desc, technology points desc, keyword points desc, partner id ordinal.</summary>
    public static int CompareForRank(PartnerEvaluation x, PartnerEvaluation y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = y.Score.CompareTo(x.Score);
        if (c == 0)
        {
            c = y.TechnologyPoints.CompareTo(x.TechnologyPoints);
        }

        if (c == 0)
        {
            c = y.KeywordPoints.CompareTo(x.KeywordPoints);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Partner.Id, y.Partner.Id);
    }

    /// <summary>The points and the score now, the reasons when asked for (the same factor functions, with their text).</summary>
    private PartnerEvaluation Evaluate(PreparedRequest request, MatchingPartner partner)
    {
        var exclusions = Exclusions(request.Request, partner);
        double sum = 0, technology = 0, keywords = 0;
        foreach (var (factor, weight) in _factorWeights)
        {
            var points = Points(weight, Factor(factor, request, partner, explain: false).Share);
            sum += points;
            if (factor == MatchFactorNames.Technology)
            {
                technology = points;
            }
            else if (factor == MatchFactorNames.Keywords)
            {
                keywords = points;
            }
        }

        var score = Math.Clamp(Round(sum), 0, 100);
        return new PartnerEvaluation(partner, score, technology, keywords, () => Explain(request, partner), exclusions);
    }

    /// <summary>Every factor with its points and its reasons in Korean and English, in the weights' order.</summary>
    private List<MatchFactor> Explain(PreparedRequest request, MatchingPartner partner)
    {
        var factors = new List<MatchFactor>(_factorWeights.Count);
        foreach (var (factor, weight) in _factorWeights)
        {
            var (share, ko, en) = Factor(factor, request, partner, explain: true);
            factors.Add(new MatchFactor(factor, Points(weight, share), ko ?? "", en ?? ""));
        }

        return factors;
    }

    private static double Points(double weight, double share) => Round(weight * Math.Clamp(share, 0, 1));

    /// <summary>One factor's share (0–1) and, when <paramref name="explain"/>, its reasons (else null: the text is most of the work).</summary>
    private Reasoned Factor(string factor, PreparedRequest request, MatchingPartner partner, bool explain) => factor switch
    {
        MatchFactorNames.Technology => Technology(request.Request, partner, explain),
        MatchFactorNames.Keywords => TextRelevance(request, partner, explain),
        MatchFactorNames.Country => Country(request.Request, partner, explain),
        MatchFactorNames.PartnerType => PartnerType(request.Request, partner, explain),
        MatchFactorNames.CooperationType => CooperationType(request.Request, partner, explain),
        MatchFactorNames.Trl => Trl(request.Request, partner, explain),
        MatchFactorNames.Network => Network(request.Request, partner, explain),
        _ => TrackRecord(partner, explain),
    };

    /// <summary>A factor's share and its reasons (null when not asked for).</summary>
    private readonly record struct Reasoned(double Share, string? Ko, string? En)
    {
        public static implicit operator Reasoned((double Share, string? Ko, string? En) value) => new(value.Share, value.Ko, value.En);
    }

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    // ---- Hard filters ----

    private IReadOnlyList<Exclusion> Exclusions(MatchingRequest request, MatchingPartner partner)
    {
        List<Exclusion>? exclusions = null;
        if (!partner.IsActive)
        {
            (exclusions ??= []).Add(new Exclusion(ExclusionReason.Inactive, "비활성화된 후보기관입니다.", "The partner is deactivated."));
        }

        if (request.ExcludedCountries.Contains(partner.CountryCode, StringComparer.Ordinal))
        {
            (exclusions ??= []).Add(new Exclusion(ExclusionReason.ExcludedCountry,
                $"요청에서 제외한 국가입니다: {_names.CountryKo(partner.CountryCode)}",
                $"The request excludes this country: {_names.CountryEn(partner.CountryCode)}"));
        }

        if (request.PreferredPartnerTypes.Count > 0 && !request.PreferredPartnerTypes.Contains(partner.PartnerTypeCode, StringComparer.Ordinal))
        {
            (exclusions ??= []).Add(new Exclusion(ExclusionReason.PartnerTypeRuledOut,
                $"요청이 원하는 기관 유형({_names.ListKo(request.PreferredPartnerTypes, _names.PartnerTypeKo)})이 아닙니다: {_names.PartnerTypeKo(partner.PartnerTypeCode)}",
                $"Not a partner type the request wants ({_names.ListEn(request.PreferredPartnerTypes, _names.PartnerTypeEn)}): {_names.PartnerTypeEn(partner.PartnerTypeCode)}"));
        }

        if (request.CooperationTypeCode is { Length: > 0 } cooperation && partner.CooperationTypes.Count > 0
            && !partner.CooperationTypes.Contains(cooperation, StringComparer.Ordinal))
        {
            (exclusions ??= []).Add(new Exclusion(ExclusionReason.CooperationTypeNotOffered,
                $"요청한 협력 유형을 제공하지 않습니다: {_names.CooperationKo(cooperation)} (제공: {_names.ListKo(partner.CooperationTypes, _names.CooperationKo)})",
                $"Does not offer the requested cooperation type: {_names.CooperationEn(cooperation)} (offers: {_names.ListEn(partner.CooperationTypes, _names.CooperationEn)})"));
        }

        return exclusions is null ? Array.Empty<Exclusion>() : exclusions;
    }

    // ---- Technology fit ----

    /// <summary>Credit of one request code: exact leaf 1; a requested area holding the partner's leaf 0.6; a sibling leaf 0.4.</summary>
    internal const double AreaCredit = 0.6;
    internal const double SiblingCredit = 0.4;
    internal const double AnyExactFloor = 0.75;

    private Reasoned Technology(MatchingRequest request, MatchingPartner partner, bool explain)
    {
        var requested = request.TechnologyCodes.Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count == 0)
        {
            return (0, "요청에 기술 분야가 지정되지 않았습니다.", "The request names no technology area.");
        }

        var partnerCodes = partner.TechnologyCodes.Distinct(StringComparer.Ordinal).ToList();
        var ko = explain ? new List<string>() : null;
        var en = explain ? new List<string>() : null;
        double credits = 0;
        var anyExact = false;
        foreach (var code in requested)
        {
            if (partnerCodes.Contains(code, StringComparer.Ordinal))
            {
                anyExact = true;
                credits += 1;
                ko?.Add($"{_names.TechnologyKo(code)} 정확히 일치");
                en?.Add($"{_names.TechnologyEn(code)} matches exactly");
                continue;
            }

            if (partnerCodes.Exists(p => ParentOf(p) == code))
            {
                credits += AreaCredit;
                if (explain)
                {
                    var inArea = partnerCodes.Where(p => ParentOf(p) == code).ToList();
                    ko!.Add($"요청 분야 {_names.TechnologyKo(code)}의 {_names.ListKo(inArea, _names.TechnologyKo)} 보유");
                    en!.Add($"has {_names.ListEn(inArea, _names.TechnologyEn)} in the requested area {_names.TechnologyEn(code)}");
                }

                continue;
            }

            var parent = ParentOf(code);
            if (parent is not null && partnerCodes.Exists(p => ParentOf(p) == parent))
            {
                credits += SiblingCredit;
                if (explain)
                {
                    var siblings = partnerCodes.Where(p => ParentOf(p) == parent).ToList();
                    ko!.Add($"같은 분야({_names.TechnologyKo(parent)})의 다른 기술 {_names.ListKo(siblings, _names.TechnologyKo)} (요청: {_names.TechnologyKo(code)})");
                    en!.Add($"same area ({_names.TechnologyEn(parent)}) but another technology: {_names.ListEn(siblings, _names.TechnologyEn)} (requested: {_names.TechnologyEn(code)})");
                }

                continue;
            }

            ko?.Add($"{_names.TechnologyKo(code)}: 맞는 기술 없음");
            en?.Add($"nothing matches {_names.TechnologyEn(code)}");
        }

        var mean = credits / requested.Count;
        if (mean == 0)
        {
            if (!explain)
            {
                return (0, null, null);
            }

            var has = partnerCodes.Count == 0 ? "-" : _names.ListKo(partnerCodes, _names.TechnologyKo);
            var hasEn = partnerCodes.Count == 0 ? "-" : _names.ListEn(partnerCodes, _names.TechnologyEn);
            return (0, $"기술 분야 불일치: 요청 {_names.ListKo(requested, _names.TechnologyKo)}, 후보 {has}",
                $"No technology overlap: requested {_names.ListEn(requested, _names.TechnologyEn)}; partner has {hasEn}");
        }

        // Any exact leaf gives at least 75%; the rest scales with how much of the request is covered (all exact = 100%).
        var share = anyExact ? AnyExactFloor + ((1 - AnyExactFloor) * mean) : mean;
        return explain ? (share, string.Join("; ", ko!), Capitalize(string.Join("; ", en!))) : (share, null, null);
    }

    private string? ParentOf(string code) => _vocabulary.Technologies.TryGetValue(code, out var term) ? term.Parent : null;

    // ---- Text relevance ----

    /// <summary>Terms so common in requests of this domain that sharing them says nothing (Korean bigrams and English words).</summary>
    private static readonly HashSet<string> GenericTerms = new(StringComparer.Ordinal)
    {
        // Korean endings, particles and fillers that bigrams pick up across words.
        "니다", "습니", "합니", "있습", "하는", "하여", "하고", "하기", "하며", "있는", "되는", "된다", "에서", "으로", "위한", "위해", "대한", "통해",
        "관련", "필요", "희망", "원합", "찾고", "고자", "하려", "려고", "이를", "또는", "등의", "경우", "현재", "당사", "저희", "우리", "이며", "이고",
        "에게", "까지", "부터", "함께", "같은", "해당", "있도", "도록", "가능", "보유", "제공", "대학", "학교", "구소", "구원", "센터",
        // Generic words of any partnership request.
        "기술", "개발", "협력", "연구", "공동", "파트너", "기업", "해외", "도입", "국제", "기관", "분야", "사업", "과제", "제품", "업체", "회사",
        "technology", "develop", "development", "developing", "partner", "partnership", "cooperation", "collaboration", "collaborate",
        "research", "joint", "company", "korea", "korean", "need", "seek", "seeking", "looking", "want", "project", "solution", "provide",
        "support", "expertise", "experience", "industrial", "industry", "based", "like", "help", "work", "sme", "university", "institute",
    };

    private const double KeywordWeight = 3;
    private const double TitleWeight = 2;
    private const double TextWeight = 1;
    private const double NameWeight = 0.5;

    /// <summary>Coverage at which the keyword factor gives 1 − 1/e (63%) of its points; it saturates above.</summary>
    internal const double TextSaturation = 0.2;

    private static Reasoned TextRelevance(PreparedRequest request, MatchingPartner partner, bool explain)
    {
        if (request.TermWeights.Count == 0)
        {
            return (0, "요청에 비교할 텍스트가 없습니다.", "The request has no text to compare.");
        }

        // Partner terms: description and keywords count fully, the names lightly. Only the request's terms are kept (the
        // partner's other words cannot match), each with its highest weight and its first word and place in the text.
        var count = request.TermWeights.Count;
        var best = new double[count];
        var first = new int[count];
        var firstWord = new string?[count];
        var order = 0;

        void Add(string? text, double weight)
        {
            foreach (var term in TextTerms.Terms(text))
            {
                var at = order++;
                if (request.TermIndex.TryGetValue(term.Term, out var i))
                {
                    if (firstWord[i] is null)
                    {
                        firstWord[i] = term.Word;
                        first[i] = at;
                    }

                    best[i] = Math.Max(best[i], weight);
                }
            }
        }

        foreach (var keyword in partner.Keywords)
        {
            Add(keyword, 1);
        }

        Add(partner.Description, 1);
        Add(partner.Name, NameWeight);
        Add(partner.NameKo, NameWeight);

        // In the request's (ordinal) order of terms, so the sum is always added up the same way.
        double matched = 0;
        var matches = new List<(int Index, double Weight)>();
        for (var i = 0; i < count; i++)
        {
            if (best[i] > 0)
            {
                var weight = request.TermWeights[i].Weight * best[i];
                matched += weight;
                matches.Add((i, weight));
            }
        }

        var coverage = matched / request.TotalWeight;
        var share = 1 - Math.Exp(-coverage / TextSaturation);
        if (matches.Count == 0)
        {
            return (0, "요청과 겹치는 단어가 없습니다.", "No words in common with the request.");
        }

        if (!explain)
        {
            return (share, null, null);
        }

        var shown = matches
            .OrderByDescending(m => m.Weight)
            .ThenBy(m => first[m.Index])
            .Select(m => firstWord[m.Index]!)
            .Distinct(StringComparer.Ordinal)
            .Take(5)
            .ToList();
        var list = string.Join(", ", shown);
        return (share, $"공통 단어: {list}", $"Words in common: {list}");
    }

    // ---- Country ----

    private Reasoned Country(MatchingRequest request, MatchingPartner partner, bool explain)
    {
        var country = partner.CountryCode;
        var share = request.PreferredCountries.Count == 0 ? 0.5 : request.PreferredCountries.Contains(country, StringComparer.Ordinal) ? 1 : 0;
        if (!explain)
        {
            return (share, null, null);
        }

        if (request.PreferredCountries.Count == 0)
        {
            return (share, $"선호 국가 지정 없음 (후보: {_names.CountryKo(country)})", $"No country preference (partner in {_names.CountryEn(country)})");
        }

        if (share == 1)
        {
            return (share, $"선호 국가 {_names.CountryKo(country)}", $"Preferred country {_names.CountryEn(country)}");
        }

        return (share, $"선호 국가({_names.ListKo(request.PreferredCountries, _names.CountryKo)})가 아님: {_names.CountryKo(country)}",
            $"{_names.CountryEn(country)} is not a preferred country ({_names.ListEn(request.PreferredCountries, _names.CountryEn)})");
    }

    // ---- Partner type ----

    /// <summary>Partner types that suit each cooperation type when the request names no type (first the best).</summary>
    private static readonly Dictionary<string, string[]> TypeAffinity = new(StringComparer.Ordinal)
    {
        ["joint_research"] = ["university", "research_institute"],
        ["technology_introduction"] = ["company", "research_institute"],
        ["technical_consulting"] = ["research_institute", "company", "university"],
        ["testing_certification"] = ["research_institute", "public_agency"],
        ["standards"] = ["public_agency", "research_institute"],
        ["talent_exchange"] = ["university", "research_institute"],
    };

    internal const double TypeSuits = 0.7;
    internal const double TypeNeutral = 0.5;
    internal const double TypeSuitsLess = 0.3;

    private Reasoned PartnerType(MatchingRequest request, MatchingPartner partner, bool explain)
    {
        var type = partner.PartnerTypeCode;
        if (request.PreferredPartnerTypes.Contains(type, StringComparer.Ordinal))
        {
            return explain ? (1, $"선호 기관 유형: {_names.PartnerTypeKo(type)}", $"Preferred partner type: {_names.PartnerTypeEn(type)}") : (1, null, null);
        }

        if (request.PreferredPartnerTypes.Count > 0)
        {
            return explain ? (0, $"선호 기관 유형이 아님: {_names.PartnerTypeKo(type)}", $"Not a preferred partner type: {_names.PartnerTypeEn(type)}") : (0, null, null);
        }

        if (request.CooperationTypeCode is not { Length: > 0 } cooperation || !TypeAffinity.TryGetValue(cooperation, out var suited))
        {
            return explain
                ? (TypeNeutral, $"기관 유형 지정 없음 (후보: {_names.PartnerTypeKo(type)})", $"No partner type preference (partner: {_names.PartnerTypeEn(type)})")
                : (TypeNeutral, null, null);
        }

        if (!explain)
        {
            return (suited.Contains(type, StringComparer.Ordinal) ? TypeSuits : TypeSuitsLess, null, null);
        }

        return suited.Contains(type, StringComparer.Ordinal)
            ? (TypeSuits, $"기관 유형 지정 없음: {_names.PartnerTypeKo(type)} ({_names.CooperationKo(cooperation)}에 적합한 유형)",
                $"No type preference: {_names.PartnerTypeEn(type)} (a type suited to {_names.CooperationEn(cooperation)})")
            : (TypeSuitsLess, $"기관 유형 지정 없음: {_names.PartnerTypeKo(type)} ({_names.CooperationKo(cooperation)}에 덜 적합한 유형)",
                $"No type preference: {_names.PartnerTypeEn(type)} (a type less suited to {_names.CooperationEn(cooperation)})");
    }

    // ---- Cooperation type ----

    private Reasoned CooperationType(MatchingRequest request, MatchingPartner partner, bool explain)
    {
        if (request.CooperationTypeCode is not { Length: > 0 } cooperation)
        {
            return (0.5, "요청에 협력 유형 지정 없음", "The request names no cooperation type");
        }

        if (!explain)
        {
            return (partner.CooperationTypes.Count == 0 ? 0.5 : partner.CooperationTypes.Contains(cooperation, StringComparer.Ordinal) ? 1 : 0, null, null);
        }

        if (partner.CooperationTypes.Count == 0)
        {
            return (0.5, $"협력 유형 제한 없음 ({_names.CooperationKo(cooperation)} 가능 여부 미확인)",
                $"Open to any cooperation type ({_names.CooperationEn(cooperation)} not confirmed)");
        }

        return partner.CooperationTypes.Contains(cooperation, StringComparer.Ordinal)
            ? (1, $"{_names.CooperationKo(cooperation)} 제공", $"Offers {_names.CooperationEn(cooperation)}")
            : (0, $"{_names.CooperationKo(cooperation)} 미제공 (제공: {_names.ListKo(partner.CooperationTypes, _names.CooperationKo)})",
                $"Does not offer {_names.CooperationEn(cooperation)} (offers: {_names.ListEn(partner.CooperationTypes, _names.CooperationEn)})");
    }

    // ---- TRL ----

    internal const double TrlUnknown = 0.5;
    internal const double TrlAdjacent = 0.3;
    internal const double TrlOverlapFloor = 0.6;

    private static Reasoned Trl(MatchingRequest request, MatchingPartner partner, bool explain)
    {
        var wanted = Range(request.TrlCurrent, request.TrlTarget, fromOpen: null, toOpen: null);
        var offered = Range(partner.TrlMin, partner.TrlMax, fromOpen: 1, toOpen: 9);
        if (wanted is not var (a, b))
        {
            return (TrlUnknown, "요청의 TRL 정보 없음", "The request gives no TRL");
        }

        var wantedText = !explain ? "" : a == b ? $"TRL {a}" : $"TRL {a}→{b}";
        if (offered is not var (min, max))
        {
            return explain ? (TrlUnknown, $"후보의 TRL 정보 없음 (요청 {wantedText})", $"The partner gives no TRL (request {wantedText})") : (TrlUnknown, null, null);
        }

        var offeredText = !explain ? "" : min == max ? $"TRL {min}" : $"TRL {min}–{max}";
        var overlap = Math.Min(b, max) - Math.Max(a, min) + 1;
        if (overlap > 0)
        {
            var coverage = (double)overlap / (b - a + 1);
            var share = TrlOverlapFloor + ((1 - TrlOverlapFloor) * coverage);
            if (!explain)
            {
                return (share, null, null);
            }

            return coverage >= 1
                ? (share, $"후보 {offeredText}, 요청 {wantedText}: 요청 구간 전체 포괄", $"Partner {offeredText} covers the request's {wantedText}")
                : (share, $"후보 {offeredText}, 요청 {wantedText}: {overlap}단계 겹침",
                    $"Partner {offeredText} overlaps {overlap} level(s) of the request's {wantedText}");
        }

        var gap = Math.Max(a, min) - Math.Min(b, max);
        if (!explain)
        {
            return (gap == 1 ? TrlAdjacent : 0, null, null);
        }

        return gap == 1
            ? (TrlAdjacent, $"후보 {offeredText}, 요청 {wantedText}: 1단계 차이로 인접", $"Partner {offeredText} is next to the request's {wantedText} (1 level apart)")
            : (0, $"후보 {offeredText}, 요청 {wantedText}: {gap}단계 떨어짐", $"Partner {offeredText} is {gap} levels from the request's {wantedText}");
    }

    /// <summary>An inclusive level range from two ends; one missing end is open (or the known point); both missing: unknown.</summary>
    private static (int, int)? Range(int? from, int? to, int? fromOpen, int? toOpen)
    {
        if (from is null && to is null)
        {
            return null;
        }

        var a = from ?? fromOpen ?? to!.Value;
        var b = to ?? toOpen ?? from!.Value;
        return a <= b ? (a, b) : (b, a);
    }

    // ---- Network ----

    internal const double OtherInstituteLink = 0.4;

    private Reasoned Network(MatchingRequest request, MatchingPartner partner, bool explain)
    {
        var linked = partner.LinkedInstitutes;
        if (request.LeadOrganizationCode is { Length: > 0 } lead && linked.Contains(lead, StringComparer.Ordinal))
        {
            return explain ? (1, $"주관기관 연계: {_names.OrganizationKo(lead)}", $"Linked with the lead institute {_names.OrganizationEn(lead)}") : (1, null, null);
        }

        if (!explain)
        {
            return (linked.Any(_vocabulary.Organizations.ContainsKey) ? OtherInstituteLink : 0, null, null);
        }

        var consortium = linked.Distinct(StringComparer.Ordinal).Where(_vocabulary.Organizations.ContainsKey).ToList();
        if (consortium.Count > 0)
        {
            return (OtherInstituteLink, $"협의체 기관 연계(주관기관 아님): {_names.ListKo(consortium, _names.OrganizationKo)}",
                $"Linked with consortium institute {_names.ListEn(consortium, _names.OrganizationEn)} (not the lead)");
        }

        return (0, "협의체 기관과의 연계 없음", "No link with a consortium institute");
    }

    // ---- Track record ----

    /// <summary>Accepted matches count 1, agreements 2; this many units give full points.</summary>
    internal const int TrackRecordSaturation = 5;

    private static Reasoned TrackRecord(MatchingPartner partner, bool explain)
    {
        var record = partner.TrackRecord ?? PartnerTrackRecord.None;
        var accepted = Math.Max(0, record.AcceptedMatches);
        var agreements = Math.Max(0, record.Agreements);
        if (accepted == 0 && agreements == 0)
        {
            return (0, "이전 매칭·협약 실적 없음", "No earlier accepted matches or agreements");
        }

        var units = accepted + (2.0 * agreements);
        return !explain ? (Math.Min(1, units / TrackRecordSaturation), null, null) : (Math.Min(1, units / TrackRecordSaturation), $"이전 수락 매칭 {accepted}건, 협약 {agreements}건",
            $"{accepted} earlier accepted match(es), {agreements} agreement(s)");
    }

    // ---- Helpers ----

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string WeightsHash(MatchingWeights weights)
    {
        var text = string.Join(";", weights.All.Select(w => w.Factor + "=" + w.Weight.ToString("R", CultureInfo.InvariantCulture)));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..7];
    }

    /// <summary>The request's text terms with their weights (keywords 3, title 2, summary and details 1), generic terms left out.</summary>
    private sealed class PreparedRequest
    {
        private PreparedRequest(MatchingRequest request, Dictionary<string, double> termWeights)
        {
            Request = request;
            TermWeights = [.. termWeights.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value))];
            TermIndex = TermWeights.Select((t, i) => (t.Term, i)).ToDictionary(t => t.Term, t => t.i, StringComparer.Ordinal);
            TotalWeight = termWeights.Values.Sum();
        }

        public MatchingRequest Request { get; }

        public IReadOnlyList<(string Term, double Weight)> TermWeights { get; }

        /// <summary>Each term's place in <see cref="TermWeights"/>.</summary>
        public Dictionary<string, int> TermIndex { get; }

        public double TotalWeight { get; }

        public static PreparedRequest From(MatchingRequest request)
        {
            var weights = new Dictionary<string, double>(StringComparer.Ordinal);

            void Add(string? text, double weight)
            {
                foreach (var term in TextTerms.Terms(text))
                {
                    if (GenericTerms.Contains(term.Term))
                    {
                        continue;
                    }

                    if (!weights.TryGetValue(term.Term, out var existing) || existing < weight)
                    {
                        weights[term.Term] = weight;
                    }
                }
            }

            foreach (var keyword in request.Keywords)
            {
                Add(keyword, KeywordWeight);
            }

            Add(request.Title, TitleWeight);
            Add(request.Summary, TextWeight);
            Add(request.Details, TextWeight);
            return new PreparedRequest(request, weights);
        }
    }

    /// <summary>Names of codes in each language, "이름(CODE)" / "Name (CODE)"; an unknown code is shown as itself.</summary>
    private sealed class Names(MatchingVocabulary vocabulary)
    {
        public string TechnologyKo(string code) =>
            vocabulary.Technologies.TryGetValue(code, out var t) ? WithCode(t.NameKo, code, ko: true) : code;

        public string TechnologyEn(string code) =>
            vocabulary.Technologies.TryGetValue(code, out var t) ? WithCode(t.NameEn, code, ko: false) : code;

        public string CountryKo(string code) => Named(vocabulary.Countries, code, ko: true);

        public string CountryEn(string code) => Named(vocabulary.Countries, code, ko: false);

        public string PartnerTypeKo(string code) => Plain(vocabulary.PartnerTypes, code, ko: true);

        public string PartnerTypeEn(string code) => Plain(vocabulary.PartnerTypes, code, ko: false);

        public string CooperationKo(string code) => Plain(vocabulary.CooperationTypes, code, ko: true);

        public string CooperationEn(string code) => Plain(vocabulary.CooperationTypes, code, ko: false);

        public string OrganizationKo(string code) => Named(vocabulary.Organizations, code, ko: true);

        public string OrganizationEn(string code) => Named(vocabulary.Organizations, code, ko: false);

        public string ListKo(IEnumerable<string> codes, Func<string, string> name) => string.Join(", ", codes.Select(name));

        public string ListEn(IEnumerable<string> codes, Func<string, string> name) => string.Join(", ", codes.Select(name));

        private static string Named(IReadOnlyDictionary<string, (string Ko, string En)> names, string code, bool ko) =>
            names.TryGetValue(code, out var n) ? WithCode(ko ? n.Ko : n.En, code, ko) : code;

        private static string Plain(IReadOnlyDictionary<string, (string Ko, string En)> names, string code, bool ko) =>
            names.TryGetValue(code, out var n) ? (ko ? n.Ko : n.En) : code;

        private static string WithCode(string name, string code, bool ko) =>
            name.Contains(code, StringComparison.Ordinal) ? name : ko ? $"{name}({code})" : $"{name} ({code})";
    }
}
