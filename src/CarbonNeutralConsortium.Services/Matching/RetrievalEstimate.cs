using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CarbonNeutralConsortium.Domain.Matching;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// How retrieval orders the partners with a request's exact technology leaf before it keeps the best
/// <see cref="MatchingService.RetrievalLimit"/>: an estimate of the engine's score from a partner's narrow profile
/// (<see cref="PartnerMatchProfile"/>). Every factor but the text is the engine's own points, read from tables this
/// class fills by evaluating made-up partners with the engine (one per partner type, TRL range, cooperation offer,
/// network link, track record and technology overlap class), so the SQL holds no scoring rule of its own and follows
/// any change of the engine's rules or weights. The text factor is estimated as all its points when the partner shares
/// a word with the request (exact word overlap is left to the engine, on the few hundred partners kept).
/// </summary>
internal sealed class RetrievalEstimate
{
    /// <summary>Requested technology codes the estimate tells apart (a request rarely names more; the rest count as no overlap).</summary>
    public const int MaxTechnologyCodes = 3;

    /// <summary>The track record table's bounds: accepted matches and agreements above count as these.</summary>
    public const int MaxAccepted = 10;
    public const int MaxAgreements = 5;

    private static readonly ConditionalWeakTable<MatchingEngine, EngineTables> Tables = [];

    private RetrievalEstimate() { }

    /// <summary>Points when the partner shares a word with the request.</summary>
    public double Text { get; private init; }

    public double CountryPreferred { get; private init; }

    public double CountryOther { get; private init; }

    public string[] TypeCodes { get; private init; } = [];

    public double[] TypePoints { get; private init; } = [];

    /// <summary>Partner offers the requested cooperation type (or the request names none).</summary>
    public double CooperationOffered { get; private init; }

    /// <summary>Partner lists no cooperation types (open to any).</summary>
    public double CooperationOpen { get; private init; }

    /// <summary>Indexed by <c>trl_min * 10 + trl_max</c>, 0 for a missing end.</summary>
    public double[] Trl { get; private init; } = [];

    public double NetworkLead { get; private init; }

    public double NetworkOther { get; private init; }

    public double NetworkNone { get; private init; }

    /// <summary>Indexed by <c>min(accepted, MaxAccepted) * (MaxAgreements + 1) + min(agreements, MaxAgreements)</c>.</summary>
    public double[] TrackRecord { get; private init; } = [];

    /// <summary>
    /// The requested codes the technology factor tells apart, each with the codes that make it an exact match, an
    /// area match (a leaf of a requested area) or a sibling match; empty when every partner of tier 1 gets the same
    /// technology points (a request naming one code).
    /// </summary>
    public IReadOnlyList<TechnologyClasses> Technology { get; private init; } = [];

    /// <summary>
    /// Indexed by Σ class(i) × 4^i over <see cref="Technology"/>, class 0 exact, 1 area, 2 sibling, 3 none (the
    /// engine's order of precedence).
    /// </summary>
    public double[] TechnologyPoints { get; private init; } = [];

    public sealed record TechnologyClasses(string[] Exact, string[] Area, string[] Sibling);

    public static RetrievalEstimate For(MatchingEngine engine, MatchingVocabulary vocabulary, MatchingRequest request)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(request);
        var tables = Tables.GetValue(engine, e => new EngineTables(e));
        double Points(string factor, MatchingPartner partner) => engine.Evaluate(request, partner).Factors.First(f => f.Factor == factor).Points;

        var outsider = vocabulary.Countries.Keys.FirstOrDefault(c => !request.PreferredCountries.Contains(c, StringComparer.Ordinal)) ?? "";
        var types = vocabulary.PartnerTypes.Keys.Order(StringComparer.Ordinal).ToArray();
        var lead = request.LeadOrganizationCode ?? "";
        var otherInstitute = vocabulary.Organizations.Keys.Order(StringComparer.Ordinal).FirstOrDefault(o => o != lead);
        var cooperation = request.CooperationTypeCode is { Length: > 0 } c ? c : null;
        var (classes, technologyPoints) = TechnologyTable(engine, vocabulary, request);
        return new RetrievalEstimate
        {
            Text = engine.Weights.Keywords,
            CountryPreferred = request.PreferredCountries.Count > 0 ? Points(MatchFactorNames.Country, Made(country: request.PreferredCountries[0])) : 0,
            CountryOther = Points(MatchFactorNames.Country, Made(country: outsider)),
            TypeCodes = types,
            TypePoints = [.. types.Select(t => Points(MatchFactorNames.PartnerType, Made(type: t)))],
            CooperationOffered = Points(MatchFactorNames.CooperationType, Made(cooperation: cooperation is null ? ["-"] : [cooperation])),
            CooperationOpen = Points(MatchFactorNames.CooperationType, Made()),
            Trl = tables.Trl(request),
            NetworkLead = lead.Length > 0 ? Points(MatchFactorNames.Network, Made(linked: [lead])) : 0,
            NetworkOther = otherInstitute is null ? 0 : Points(MatchFactorNames.Network, Made(linked: [otherInstitute])),
            NetworkNone = Points(MatchFactorNames.Network, Made()),
            TrackRecord = tables.TrackRecord(request),
            Technology = classes,
            TechnologyPoints = technologyPoints,
        };
    }

    /// <summary>
    /// The estimate of a profile, as the SQL of retrieval computes it (the tests compare the two, and the estimate
    /// with the engine).
    /// </summary>
    public double Of(IReadOnlyCollection<string> technologyCodes, bool sharesAWord, string country, IReadOnlyCollection<string> preferredCountries, string type,
        IReadOnlyCollection<string> cooperationTypes, int? trlMin, int? trlMax, IReadOnlyCollection<string> linked, string? lead, int accepted, int agreements)
    {
        ArgumentNullException.ThrowIfNull(technologyCodes);
        ArgumentNullException.ThrowIfNull(preferredCountries);
        ArgumentNullException.ThrowIfNull(cooperationTypes);
        ArgumentNullException.ThrowIfNull(linked);
        var technology = 0;
        for (var i = 0; i < Technology.Count; i++)
        {
            technology += ClassOf(Technology[i], technologyCodes) * (int)Math.Pow(4, i);
        }

        var typeAt = Array.IndexOf(TypeCodes, type);
        return (Technology.Count > 0 ? TechnologyPoints[technology] : 0)
            + (sharesAWord ? Text : 0)
            + (preferredCountries.Contains(country) ? CountryPreferred : CountryOther)
            + (typeAt >= 0 ? TypePoints[typeAt] : 0)
            + (cooperationTypes.Count == 0 ? CooperationOpen : CooperationOffered)
            + Trl[((trlMin ?? 0) * 10) + (trlMax ?? 0)]
            + (lead is { Length: > 0 } && linked.Contains(lead) ? NetworkLead : linked.Count > 0 ? NetworkOther : NetworkNone)
            + TrackRecord[(Math.Min(accepted, MaxAccepted) * (MaxAgreements + 1)) + Math.Min(agreements, MaxAgreements)];
    }

    private static (IReadOnlyList<TechnologyClasses>, double[]) TechnologyTable(MatchingEngine engine, MatchingVocabulary vocabulary, MatchingRequest request)
    {
        var requested = request.TechnologyCodes.Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count <= 1)
        {
            // Every partner of tier 1 has the one requested leaf (or a leaf of the one requested area): same points.
            return ([], []);
        }

        var classes = requested.Take(MaxTechnologyCodes).Select(code =>
        {
            var parent = vocabulary.Technologies.TryGetValue(code, out var term) ? term.Parent : null;
            var children = vocabulary.Technologies.Values.Where(t => t.Parent == code).Select(t => t.Code).Order(StringComparer.Ordinal).ToArray();
            var siblings = parent is null ? [] : vocabulary.Technologies.Values.Where(t => t.Parent == parent && t.Code != code).Select(t => t.Code).Order(StringComparer.Ordinal).ToArray();
            return new TechnologyClasses([code], children, siblings);
        }).ToList();

        var requestedSet = requested.ToHashSet(StringComparer.Ordinal);
        var points = new double[(int)Math.Pow(4, classes.Count)];
        for (var index = 0; index < points.Length; index++)
        {
            // A made-up partner in this combination of classes: one code per requested code (the exact code, a leaf of
            // the area, a sibling leaf; none), preferring codes the request does not name, so that a pick for one code
            // does not lift another's class. Combinations no partner can be in keep 0 (SQL never looks them up).
            var wanted = Enumerable.Range(0, classes.Count).Select(i => index / (int)Math.Pow(4, i) % 4).ToArray();
            var choices = classes.Select((t, i) => wanted[i] switch
            {
                0 => [.. t.Exact],
                1 => [.. t.Area.OrderBy(c => requestedSet.Contains(c))],
                2 => [.. t.Sibling.OrderBy(c => requestedSet.Contains(c))],
                _ => new string?[] { null },
            }).ToArray();
            if (Realize(classes, wanted, choices, 0, []) is { } codes)
            {
                points[index] = engine.Evaluate(request, Made(codes: codes)).Factors.First(f => f.Factor == MatchFactorNames.Technology).Points;
            }
        }

        return (classes, points);
    }

    /// <summary>A set of partner codes whose classes are <paramref name="wanted"/> (a small search over the choices), or null.</summary>
    private static List<string>? Realize(IReadOnlyList<TechnologyClasses> classes, int[] wanted, string?[][] choices, int at, List<string> picked)
    {
        if (at == choices.Length)
        {
            return Enumerable.Range(0, classes.Count).All(i => ClassOf(classes[i], picked) == wanted[i]) ? [.. picked.Distinct(StringComparer.Ordinal)] : null;
        }

        foreach (var choice in choices[at].Take(4))
        {
            var next = choice is null ? picked : [.. picked, choice];
            if (Realize(classes, wanted, choices, at + 1, next) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The class of a requested code for a partner's codes, as the SQL computes it: 0 exact, 1 area, 2 sibling, 3 none.</summary>
    private static int ClassOf(TechnologyClasses t, IReadOnlyCollection<string> codes) =>
        t.Exact.Any(codes.Contains) ? 0 : t.Area.Any(codes.Contains) ? 1 : t.Sibling.Any(codes.Contains) ? 2 : 3;

    private static MatchingPartner Made(string country = "", string type = "", IReadOnlyList<string>? codes = null, IReadOnlyList<string>? cooperation = null,
        int? trlMin = null, int? trlMax = null, IReadOnlyList<string>? linked = null, PartnerTrackRecord? track = null) =>
        new("estimate", "", null, country, type, codes ?? [], cooperation ?? [], trlMin, trlMax, [], null, linked ?? [], true, track ?? PartnerTrackRecord.None);

    /// <summary>The tables that depend on little of the request, kept per engine (its rules and weights).</summary>
    private sealed class EngineTables(MatchingEngine engine)
    {
        private readonly ConcurrentDictionary<(int?, int?), double[]> _trl = new();
        private double[]? _trackRecord;

        /// <summary>The TRL points of every partner range (min ≤ max, either end missing) for the request's TRL pair.</summary>
        public double[] Trl(MatchingRequest request) => _trl.GetOrAdd((request.TrlCurrent, request.TrlTarget), _ =>
        {
            var table = new double[100];
            for (var min = 0; min <= 9; min++)
            {
                for (var max = 0; max <= 9; max++)
                {
                    if (min > 0 && max > 0 && min > max)
                    {
                        continue; // the partner table's check constraint rules these out
                    }

                    table[(min * 10) + max] = engine.Evaluate(request, Made(trlMin: min == 0 ? null : min, trlMax: max == 0 ? null : max))
                        .Factors.First(f => f.Factor == MatchFactorNames.Trl).Points;
                }
            }

            return table;
        });

        /// <summary>The track record points of every (accepted, agreements) pair (the factor does not depend on the request).</summary>
        public double[] TrackRecord(MatchingRequest request) => _trackRecord ??= [.. Enumerable.Range(0, (MaxAccepted + 1) * (MaxAgreements + 1))
            .Select(i => engine.Evaluate(request, Made(track: new PartnerTrackRecord(i / (MaxAgreements + 1), i % (MaxAgreements + 1))))
                .Factors.First(f => f.Factor == MatchFactorNames.TrackRecord).Points)];
    }
}
