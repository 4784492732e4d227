using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>A partner of a ranking, with what the pages and the API show besides the engine's verdict.</summary>
public sealed record RankedCandidate(int Rank, Guid PartnerId, string ExternalId, PartnerEvaluation Evaluation, bool AlreadyProposed);

/// <summary>
/// One run of the engine for a stored request: every candidate SQL retrieved, ranked (excluded ones dropped), with
/// the engine version. <see cref="Retrieved"/> is how many partners retrieval brought (before the hard filters).
/// </summary>
public sealed record MatchingRun(
    Guid RequestId,
    string? ReferenceNumber,
    RequestStatus Status,
    uint Version,
    string EngineVersion,
    MatchingRequest Request,
    int Retrieved,
    IReadOnlyList<RankedCandidate> Ranked)
{
    /// <summary>Proposals are made while the request is in matching (or already has proposals).</summary>
    public bool CanPropose => Status is RequestStatus.Matching or RequestStatus.PartnersProposed;

    /// <summary>The partners found by the name look-up asked for with the ranking ("why not"); null when none was asked for.</summary>
    public IReadOnlyList<PartnerLookup>? Lookups { get; init; }
}

/// <summary>Where a looked-up partner stands for a request, and why ("why not").</summary>
public enum LookupStanding
{
    /// <summary>Among the ranked candidates, at <see cref="PartnerLookup.Rank"/>.</summary>
    Ranked,

    /// <summary>Ruled out by a hard filter (the exclusions say which).</summary>
    Excluded,

    /// <summary>Not retrieved: it shares no technology area and no words with the request; <see cref="PartnerLookup.WouldRank"/> says where its score would put it.</summary>
    NotRetrieved,
}

public sealed record PartnerLookup(Guid PartnerId, string ExternalId, PartnerEvaluation Evaluation, LookupStanding Standing, int? Rank, int WouldRank, bool AlreadyProposed);

/// <summary>A partner the coordinator picked to propose, with the note to the company (required when the engine ranked it low).</summary>
public sealed record ProposalPick(Guid PartnerId, string? Note);

/// <summary>An open request a partner fits (reverse matching on the partner's page).</summary>
public sealed record RequestFit(Guid RequestId, string? ReferenceNumber, string Title, RequestStatus Status, string? LeadOrganizationCode, double Score,
    IReadOnlyList<MatchFactor> Factors, bool AlreadyProposed);

/// <summary>
/// Runs the matching engine on stored data. Retrieval chooses the candidates: of the active partners not in an excluded
/// country and not ruled out by another hard filter, those with the request's exact technology, ordered by an estimate
/// of the engine's score (<see cref="RetrievalEstimate"/>) from their trigger-maintained <see cref="PartnerMatchProfile"/>
/// held in memory (<see cref="PartnerProfileIndex"/>), plus a few in the same areas or other areas sharing its words;
/// one command reads their rows (see <see cref="MatchingRetrieval"/>); scoring and ranking happen in the pure engine. Who may see a request: coordinators of its lead or
/// contributing institutes, and agency admins; anyone else gets null (the caller answers 404).
/// Round trips: a ranking (with or without a name look-up) takes 2 commands, reverse matching 1.
/// </summary>
public sealed class MatchingService(ConsortiumDbContext db, MatchingEngine engine, MatchingVocabularies vocabularies, RequestLifecycleService lifecycle,
    PartnerProfileIndex profiles)
{
    /// <summary>At most this many partners with the request's exact technology are retrieved and scored (plus up to 150 others).</summary>
    public const int RetrievalLimit = 300;

    /// <summary>A partner ranked below this (or not ranked at all) may be proposed only with a reason.</summary>
    public const int LowRankThreshold = 10;

    public const int MaxPicks = 5;

    /// <summary>How many words of the request retrieval looks for (the heaviest first: keywords, then title, then summary).</summary>
    private const int MaxQueryTerms = 32;

    private static readonly MatchStatus[] NotAccepted = [MatchStatus.Proposed, MatchStatus.DeclinedBySme];

    private readonly MatchingVocabulary vocabulary = vocabularies.Vocabulary;

    public string EngineVersion => engine.Version;

    /// <summary>Ranks every retrieved candidate for the request, or null when the actor may not see it (2 commands).</summary>
    public Task<MatchingRun?> RankAsync(Guid requestId, Actor actor, CancellationToken cancellationToken) => RankAsync(requestId, actor, null, cancellationToken);

    /// <summary>
    /// Ranks every retrieved candidate for the request and, when <paramref name="lookup"/> has text, looks up the
    /// partners whose name (English or Korean) contains it or whose external id is it ("why not", in
    /// <see cref="MatchingRun.Lookups"/>), in the same 2 commands. Null when the actor may not see the request.
    /// </summary>
    public async Task<MatchingRun?> RankAsync(Guid requestId, Actor actor, string? lookup, CancellationToken cancellationToken)
    {
        var stored = await LoadRequestAsync(requestId, actor, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var text = lookup?.Trim();
        var rows = await RetrieveAsync(stored.Request, string.IsNullOrEmpty(text) ? null : text, cancellationToken);
        var candidates = rows.Where(r => r.Retrieved).Select(r => new StoredPartner(r.Id, r.ExternalId, r.ToPartner())).ToList();
        var ranked = engine.Rank(stored.Request, candidates.Select(c => c.Partner));
        var byId = candidates.ToDictionary(c => c.Partner.Id, StringComparer.Ordinal);
        var run = new MatchingRun(stored.Id, stored.ReferenceNumber, stored.Status, stored.Version, engine.Version, stored.Request, candidates.Count,
            [.. ranked.Select(r => ToCandidate(r, byId[r.Evaluation.Partner.Id], stored.Proposed))]);
        if (lookup is null)
        {
            return run;
        }

        // In the look-up's order: by name, then id (as the name search of the registry).
        var found = rows.Where(r => r.FoundRank is not null)
            .OrderBy(r => r.FoundRank)
            .Select(r => Lookup(run, new StoredPartner(r.Id, r.ExternalId, r.ToPartner()), stored.Proposed))
            .ToList();
        return run with { Lookups = found };
    }

    /// <summary>
    /// Retrieval and ranking for a request that need not be stored (the benchmark, tools): the ranked candidates and
    /// how many partners retrieval brought (1 command).
    /// </summary>
    public async Task<(IReadOnlyList<RankedPartner> Ranked, int Retrieved)> RankCandidatesAsync(MatchingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rows = await RetrieveAsync(request, null, cancellationToken);
        return (engine.Rank(request, rows.Select(r => r.ToPartner())), rows.Count);
    }

    /// <summary>
    /// "Why not": the partners whose name (English or Korean) contains the text, or whose external id is the text,
    /// each with its full evaluation for this request and where it stands. Null when the actor may not see the request.
    /// The ranking comes along: a page that shows both should call <see cref="RankAsync(Guid, Actor, string?, CancellationToken)"/> once.
    /// </summary>
    public async Task<IReadOnlyList<PartnerLookup>?> LookUpAsync(Guid requestId, Actor actor, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return await LoadRequestAsync(requestId, actor, cancellationToken) is null ? null : [];
        }

        var run = await RankAsync(requestId, actor, name, cancellationToken);
        return run?.Lookups;
    }

    /// <summary>
    /// Proposes 1–<see cref="MaxPicks"/> partners: each is evaluated again now, and its score, factors, rank and the
    /// engine version are frozen on the match. A partner the engine ranked below <see cref="LowRankThreshold"/> (or did
    /// not rank) needs a note saying why; a partner a hard filter rules out cannot be proposed.
    /// </summary>
    public async Task<ServiceResult<uint>> ProposeAsync(Guid requestId, Actor coordinator, IReadOnlyList<ProposalPick> picks, uint? expectedVersion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(picks);
        if (picks.Count is 0 or > MaxPicks || picks.Select(p => p.PartnerId).Distinct().Count() != picks.Count)
        {
            return ServiceResult<uint>.Fail("Selected", "Matching.SelectOneToFive");
        }

        if (coordinator.Side != ActorSide.Institute)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.NotFound);
        }

        var run = await RankAsync(requestId, coordinator, cancellationToken);
        if (run is null)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.NotFound);
        }

        if (!run.CanPropose)
        {
            return ServiceResult<uint>.Fail("", "Matching.NotInMatching");
        }

        var ids = picks.Select(p => p.PartnerId).ToList();
        var notRanked = ids.Where(id => run.Ranked.All(r => r.PartnerId != id)).ToList();
        var others = notRanked.Count == 0 ? [] : await Project(db.OverseasPartners.AsNoTracking().Where(p => notRanked.Contains(p.Id))).ToListAsync(cancellationToken);
        var errors = new List<FieldError>();
        var proposals = new List<PartnerProposal>();
        foreach (var pick in picks)
        {
            var ranked = run.Ranked.FirstOrDefault(r => r.PartnerId == pick.PartnerId);
            var evaluation = ranked?.Evaluation ?? (others.FirstOrDefault(o => o.Id == pick.PartnerId) is { } other ? engine.Evaluate(run.Request, other.Partner) : null);
            var field = $"Notes[{pick.PartnerId}]";
            if (evaluation is null)
            {
                errors.Add(new FieldError("Selected", "Match.PartnerUnknown"));
                continue;
            }

            if (evaluation.IsExcluded)
            {
                errors.Add(new FieldError(field, "Matching.PartnerExcluded"));
                continue;
            }

            var note = string.IsNullOrWhiteSpace(pick.Note) ? null : pick.Note.Trim();
            if ((ranked is null || ranked.Rank > LowRankThreshold) && note is null)
            {
                errors.Add(new FieldError(field, "Matching.LowRankReasonRequired"));
                continue;
            }

            proposals.Add(new PartnerProposal(pick.PartnerId, evaluation.Score, ranked?.Rank, engine.Version, evaluation.Factors, note));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<uint>.Fail(errors);
        }

        return await lifecycle.ProposePartnersAsync(requestId, coordinator, proposals, expectedVersion, cancellationToken);
    }

    /// <summary>
    /// Reverse matching: the open requests (submitted, in review, in matching, with proposals) the actor may see that
    /// share a technology area with the partner, scored by the engine, best first. Null when the partner does not exist.
    /// One command; it scores at most the <see cref="RetrievalLimit"/> newest such requests (at national scale ~50,000
    /// requests are open: a partner of a popular area fits thousands).
    /// </summary>
    public async Task<IReadOnlyList<RequestFit>?> OpenRequestsForPartnerAsync(Guid partnerId, Actor actor, int top, CancellationToken cancellationToken)
    {
        var organization = actor.Side == ActorSide.Institute && !string.IsNullOrEmpty(actor.OrganizationCode) ? actor.OrganizationCode : null;
        var none = actor.Side != ActorSide.Agency && organization is null;
        var (sql, parameters) = MatchingRetrieval.OpenRequests(partnerId, organization, none, vocabulary, RetrievalLimit);
        var rows = await db.Database.SqlQueryRaw<PartnerRequestRow>(sql, parameters).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var partner = rows[0].ToPartner();
        return [.. rows
            .Where(r => r.RequestId is not null)
            .Select(r => (Row: r, Evaluation: engine.Evaluate(new MatchingRequest(r.RequestId!.Value.ToString(), r.Title ?? "", r.PublicSummary, r.ConfidentialDetails,
                r.SectorCode ?? "", r.RequestTechnologyCodes ?? [], r.CooperationTypeCode, r.PreferredCountries ?? [], r.ExcludedCountries ?? [],
                r.PreferredPartnerTypes ?? [], r.TrlCurrent, r.TrlTarget, r.RequestKeywords ?? [], r.LeadOrganizationCode), partner)))
            .Where(x => !x.Evaluation.IsExcluded)
            .OrderByDescending(x => x.Evaluation.Score).ThenBy(x => x.Row.RequestId)
            .Take(top)
            .Select(x => new RequestFit(x.Row.RequestId!.Value, x.Row.ReferenceNumber, x.Row.Title ?? "", Enum.Parse<RequestStatus>(x.Row.Status!),
                x.Row.LeadOrganizationCode, x.Evaluation.Score, x.Evaluation.Factors, x.Row.Proposed == true))];
    }

    private IQueryable<PartnershipRequest> Visible(Actor actor)
    {
        if (actor.Side == ActorSide.Agency)
        {
            return db.Requests.AsNoTracking().Where(r => r.Status != RequestStatus.Draft);
        }

        if (actor.Side != ActorSide.Institute || string.IsNullOrEmpty(actor.OrganizationCode))
        {
            return db.Requests.AsNoTracking().Where(_ => false);
        }

        var organization = actor.OrganizationCode;
        return db.Requests.AsNoTracking().Where(r => r.Status != RequestStatus.Draft
            && (r.LeadOrganizationCode == organization || r.Contributors.Any(c => c.OrganizationCode == organization)));
    }

    private sealed record StoredRequest(Guid Id, string? ReferenceNumber, RequestStatus Status, uint Version, MatchingRequest Request, IReadOnlySet<Guid> Proposed);

    private async Task<StoredRequest?> LoadRequestAsync(Guid requestId, Actor actor, CancellationToken cancellationToken)
    {
        var row = await Visible(actor).Where(r => r.Id == requestId)
            .Select(r => new
            {
                r.Id,
                r.ReferenceNumber,
                r.Status,
                r.Version,
                r.Title,
                r.PublicSummary,
                r.ConfidentialDetails,
                r.SectorCode,
                r.TechnologyCodes,
                r.CooperationTypeCode,
                r.PreferredCountries,
                r.ExcludedCountries,
                r.PreferredPartnerTypes,
                r.TrlCurrent,
                r.TrlTarget,
                r.Keywords,
                r.LeadOrganizationCode,
                Proposed = db.Matches.Where(m => m.RequestId == r.Id).Select(m => m.PartnerId).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new StoredRequest(row.Id, row.ReferenceNumber, row.Status, row.Version,
                new MatchingRequest(row.Id.ToString(), row.Title, row.PublicSummary, row.ConfidentialDetails, row.SectorCode ?? "", row.TechnologyCodes,
                    row.CooperationTypeCode, row.PreferredCountries, row.ExcludedCountries, row.PreferredPartnerTypes, row.TrlCurrent, row.TrlTarget, row.Keywords,
                    row.LeadOrganizationCode),
                row.Proposed.ToHashSet());
    }

    /// <summary>A partner as the engine sees it, with its stored id and external id.</summary>
    private sealed record StoredPartner(Guid Id, string ExternalId, MatchingPartner Partner);

    /// <summary>
    /// The SQL retrieval of candidates for a request, in one command (track records included), and the partners the
    /// optional look-up finds (<see cref="CandidateRow.Retrieved"/> false unless a tier brought them too). See
    /// <see cref="MatchingRetrieval.Candidates"/>.
    /// </summary>
    private async Task<List<CandidateRow>> RetrieveAsync(MatchingRequest request, string? lookup, CancellationToken cancellationToken)
    {
        var exact = ExactLeaves(request.TechnologyCodes).ToArray();
        var siblings = AreaLeaves(request.TechnologyCodes).Except(exact, StringComparer.Ordinal).ToArray();
        var terms = QueryTerms(request);
        var retrieved = await profiles.RetrieveAsync(db, new RetrievalQuery(
            exact,
            siblings,
            terms,
            [.. request.ExcludedCountries],
            [.. request.PreferredCountries],
            [.. request.PreferredPartnerTypes],
            request.CooperationTypeCode,
            request.LeadOrganizationCode,
            RetrievalEstimate.For(engine, vocabulary, request),
            RetrievalLimit), cancellationToken);
        var (sql, parameters) = MatchingRetrieval.Candidates([.. retrieved], lookup);
        return await db.Database.SqlQueryRaw<CandidateRow>(sql, parameters).ToListAsync(cancellationToken);
    }

    private IQueryable<StoredPartner> Project(IQueryable<OverseasPartner> partners) =>
        partners.Select(p => new StoredPartner(p.Id, p.ExternalId, new MatchingPartner(
            p.Id.ToString(), p.Name, p.NameKo, p.CountryCode, p.PartnerTypeCode, p.TechnologyCodes, p.CooperationTypes, p.TrlMin, p.TrlMax, p.Keywords,
            p.Description, p.LinkedInstitutes, p.IsActive,
            new PartnerTrackRecord(
                db.Matches.Count(m => m.PartnerId == p.Id && !NotAccepted.Contains(m.Status)),
                db.Matches.Count(m => m.PartnerId == p.Id && m.Status == MatchStatus.Agreement)))));

    private static RankedCandidate ToCandidate(RankedPartner ranked, StoredPartner stored, IReadOnlySet<Guid> proposed) =>
        new(ranked.Rank, stored.Id, stored.ExternalId, ranked.Evaluation, proposed.Contains(stored.Id));

    private PartnerLookup Lookup(MatchingRun run, StoredPartner partner, IReadOnlySet<Guid> proposed)
    {
        var ranked = run.Ranked.FirstOrDefault(r => r.PartnerId == partner.Id);
        if (ranked is not null)
        {
            return new PartnerLookup(partner.Id, partner.ExternalId, ranked.Evaluation, LookupStanding.Ranked, ranked.Rank, ranked.Rank, proposed.Contains(partner.Id));
        }

        var evaluation = engine.Evaluate(run.Request, partner.Partner);
        var wouldRank = 1 + run.Ranked.Count(r => r.Evaluation.Score >= evaluation.Score);
        return new PartnerLookup(partner.Id, partner.ExternalId, evaluation, evaluation.IsExcluded ? LookupStanding.Excluded : LookupStanding.NotRetrieved, null,
            wouldRank, proposed.Contains(partner.Id));
    }

    /// <summary>The request's codes that are leaves, plus every leaf of a parent area the request names.</summary>
    private IEnumerable<string> ExactLeaves(IEnumerable<string> codes) =>
        codes.SelectMany(code => vocabulary.Technologies.TryGetValue(code, out var term) && term.Parent is null
                ? vocabulary.Technologies.Values.Where(t => t.Parent == code).Select(t => t.Code)
                : [code])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>Every leaf in the same area as one of the codes (the codes' siblings, and the codes themselves).</summary>
    private IEnumerable<string> AreaLeaves(IEnumerable<string> codes)
    {
        var parents = ParentsOf(codes).ToHashSet(StringComparer.Ordinal);
        return vocabulary.Technologies.Values.Where(t => t.Parent is not null && parents.Contains(t.Parent)).Select(t => t.Code)
            .Concat(codes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }

    private IEnumerable<string> ParentsOf(IEnumerable<string> codes) =>
        codes.Select(code => vocabulary.Technologies.TryGetValue(code, out var term) ? term.Parent ?? term.Code : null)
            .OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The words retrieval looks for: those the engine's keyword factor weighs (generic words left out: every partner
    /// has them), the heaviest first (keywords, then title, then summary and details).
    /// </summary>
    private static string[] QueryTerms(MatchingRequest request) =>
        [.. MatchingEngine.WeightedTerms(request)
            .OrderByDescending(t => t.Weight).ThenBy(t => t.Term, StringComparer.Ordinal)
            .Select(t => t.Term)
            .Take(MaxQueryTerms)];
}
