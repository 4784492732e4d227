using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Matches;

/// <summary>The match lifecycle of DOMAIN.md.</summary>
public enum MatchStatus
{
    Proposed,
    AcceptedBySme,
    DeclinedBySme,
    PartnerContacted,
    PartnerAccepted,
    PartnerDeclined,
    MeetingHeld,
    Agreement,
    NoDeal,
}

/// <summary>Why a company declines a proposed partner (plus free text).</summary>
public enum SmeDeclineReason
{
    TechnologyNotRelevant,
    CountryNotSuitable,
    PartnerTypeNotSuitable,
    AlreadyInContact,
    CostOrBudget,
    TimingNotRight,
    Other,
}

/// <summary>The kind of agreement a match ended in.</summary>
public enum AgreementKind
{
    Nda,
    Mou,
    Licence,
    JointProject,
    Contract,
}

/// <summary>Why a match ended without a deal.</summary>
public enum NoDealReason
{
    TechnologyGap,
    CommercialTerms,
    PartnerLostInterest,
    CompanyPriorityChanged,
    RegulatoryOrIp,
    Other,
}

/// <summary>One factor of the score: points and a one-line reason in both languages.</summary>
public sealed record MatchFactor(string Factor, double Points, string ReasonKo, string ReasonEn);

/// <summary>
/// A partner proposed for a request, with its explained score frozen at the time of the proposal, and its own
/// lifecycle from proposal to agreement or no deal.
/// </summary>
public sealed class Match
{
    public const int CommentMaxLength = 2000;

    private static readonly Dictionary<MatchStatus, MatchStatus[]> Allowed = new()
    {
        [MatchStatus.Proposed] = [MatchStatus.AcceptedBySme, MatchStatus.DeclinedBySme],
        [MatchStatus.AcceptedBySme] = [MatchStatus.PartnerContacted, MatchStatus.MeetingHeld, MatchStatus.Agreement, MatchStatus.NoDeal],
        [MatchStatus.PartnerContacted] = [MatchStatus.PartnerAccepted, MatchStatus.PartnerDeclined, MatchStatus.MeetingHeld, MatchStatus.Agreement, MatchStatus.NoDeal],
        [MatchStatus.PartnerAccepted] = [MatchStatus.MeetingHeld, MatchStatus.Agreement, MatchStatus.NoDeal],
        [MatchStatus.MeetingHeld] = [MatchStatus.Agreement, MatchStatus.NoDeal],
    };

    private readonly List<MatchStatusChange> _history = [];

    private Match() { }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public Guid PartnerId { get; private set; }

    public MatchStatus Status { get; private set; }

    public double Score { get; private set; }

    public int? Rank { get; private set; }

    public string EngineVersion { get; private set; } = "";

    public List<MatchFactor> Factors { get; private set; } = [];

    /// <summary>What the coordinator wrote to the company about this partner (and why, if ranked low).</summary>
    public string? ProposalNote { get; private set; }

    public Guid? ProposedByUserId { get; private set; }

    public string ProposedByName { get; private set; } = "";

    public string ProposedByOrganizationCode { get; private set; } = "";

    public DateTimeOffset ProposedAt { get; private set; }

    public DateTimeOffset? RespondedAt { get; private set; }

    public SmeDeclineReason? SmeDeclineReason { get; private set; }

    public string? DeclineComment { get; private set; }

    public DateTimeOffset? PartnerContactedAt { get; private set; }

    public DateTimeOffset? PartnerRespondedAt { get; private set; }

    public DateOnly? MeetingHeldOn { get; private set; }

    public AgreementKind? AgreementKind { get; private set; }

    public NoDealReason? NoDealReason { get; private set; }

    public string? OutcomeComment { get; private set; }

    public DateTimeOffset? OutcomeAt { get; private set; }

    public uint Version { get; private set; }

    public IReadOnlyCollection<MatchStatusChange> History => _history;

    public bool IsFinished => Status is MatchStatus.DeclinedBySme or MatchStatus.PartnerDeclined or MatchStatus.Agreement or MatchStatus.NoDeal;

    public static Match Propose(Guid requestId, Guid partnerId, double score, int? rank, string engineVersion, IReadOnlyList<MatchFactor> factors,
        string? note, Actor proposedBy, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(proposedBy);
        ArgumentNullException.ThrowIfNull(factors);
        if (score is < 0 or > 100 || double.IsNaN(score))
        {
            throw new DomainException("Match.ScoreOutOfRange");
        }

        var now = clock.GetUtcNow();
        var match = new Match
        {
            Id = Guid.CreateVersion7(),
            RequestId = requestId,
            PartnerId = partnerId,
            Status = MatchStatus.Proposed,
            Score = score,
            Rank = rank,
            EngineVersion = engineVersion,
            Factors = [.. factors],
            ProposalNote = Comment(note),
            ProposedByUserId = proposedBy.UserId,
            ProposedByName = proposedBy.Name,
            ProposedByOrganizationCode = proposedBy.OrganizationCode ?? "",
            ProposedAt = now,
        };
        match._history.Add(new MatchStatusChange(match.Id, null, MatchStatus.Proposed, proposedBy, null, now));
        return match;
    }

    public void AcceptBySme(Actor actor, TimeProvider clock)
    {
        Move(MatchStatus.AcceptedBySme, actor, null, clock);
        RespondedAt = clock.GetUtcNow();
    }

    public void DeclineBySme(Actor actor, SmeDeclineReason reason, string? comment, TimeProvider clock)
    {
        var text = Comment(comment);
        if (reason == Matches.SmeDeclineReason.Other && text is null)
        {
            throw new DomainException("Match.DeclineCommentRequired");
        }

        Move(MatchStatus.DeclinedBySme, actor, text, clock);
        RespondedAt = clock.GetUtcNow();
        SmeDeclineReason = reason;
        DeclineComment = text;
    }

    public void MarkPartnerContacted(Actor actor, TimeProvider clock)
    {
        Move(MatchStatus.PartnerContacted, actor, null, clock);
        PartnerContactedAt = clock.GetUtcNow();
    }

    public void RecordPartnerResponse(Actor actor, bool accepted, string? comment, TimeProvider clock)
    {
        Move(accepted ? MatchStatus.PartnerAccepted : MatchStatus.PartnerDeclined, actor, Comment(comment), clock);
        PartnerRespondedAt = clock.GetUtcNow();
    }

    public void RecordMeeting(Actor actor, DateOnly heldOn, TimeProvider clock)
    {
        if (heldOn > KoreaTime.Today(clock) || heldOn < DateOnly.FromDateTime(KoreaTime.ToKst(ProposedAt).DateTime))
        {
            throw new DomainException("Match.MeetingDateOutOfRange");
        }

        Move(MatchStatus.MeetingHeld, actor, null, clock);
        MeetingHeldOn = heldOn;
    }

    public void RecordAgreement(Actor actor, AgreementKind kind, string? comment, TimeProvider clock)
    {
        Move(MatchStatus.Agreement, actor, Comment(comment), clock);
        AgreementKind = kind;
        OutcomeComment = Comment(comment);
        OutcomeAt = clock.GetUtcNow();
    }

    public void RecordNoDeal(Actor actor, NoDealReason reason, string? comment, TimeProvider clock)
    {
        var text = Comment(comment);
        if (reason == Matches.NoDealReason.Other && text is null)
        {
            throw new DomainException("Match.NoDealCommentRequired");
        }

        Move(MatchStatus.NoDeal, actor, text, clock);
        NoDealReason = reason;
        OutcomeComment = text;
        OutcomeAt = clock.GetUtcNow();
    }

    public bool CanMoveTo(MatchStatus to) => Allowed.TryGetValue(Status, out var targets) && targets.Contains(to);

    private void Move(MatchStatus to, Actor actor, string? note, TimeProvider clock)
    {
        if (!CanMoveTo(to))
        {
            throw new DomainException("Match.TransitionNotAllowed", $"{Status} → {to} is not allowed.");
        }

        _history.Add(new MatchStatusChange(Id, Status, to, actor, note, clock.GetUtcNow()));
        Status = to;
    }

    private static string? Comment(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.Length > CommentMaxLength ? throw new DomainException("Match.CommentTooLong") : trimmed;
    }
}

/// <summary>One transition of a match.</summary>
public sealed class MatchStatusChange
{
    private MatchStatusChange() { }

    internal MatchStatusChange(Guid matchId, MatchStatus? from, MatchStatus to, Actor actor, string? note, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        MatchId = matchId;
        From = from;
        To = to;
        ActorUserId = actor.UserId;
        ActorName = actor.Name;
        ActorSide = actor.Side;
        Note = note;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid MatchId { get; private set; }

    public MatchStatus? From { get; private set; }

    public MatchStatus To { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string ActorName { get; private set; } = "";

    public ActorSide ActorSide { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset At { get; private set; }
}
