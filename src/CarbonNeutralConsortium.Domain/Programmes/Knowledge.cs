using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Programmes;

public enum PracticeStatus
{
    Draft,
    Published,
}

/// <summary>What a policy proposal aims at.</summary>
public enum PolicyTarget
{
    InstitutionalImprovement,
    G2GChannel,
    Regulation,
}

/// <summary>The agency's review of a policy proposal.</summary>
public enum ProposalReviewStatus
{
    Submitted,
    UnderReview,
    Accepted,
    Rejected,
    ForwardedToMinistry,
}

public sealed record PracticeData(string Title, string Summary, string Body, string? Lessons, string SectorCode, string OrganizationCode,
    IReadOnlyList<Guid> MatchIds, IReadOnlyList<Guid> PlanIds, PracticeStatus Status);

/// <summary>
/// A best-practice case an institute publishes (우수사례): what was done, the lessons and support know-how, and the
/// matches and plans it comes from (their outcomes shown, never a company's name). A draft is seen by staff only.
/// </summary>
public sealed class BestPractice
{
    public const int TitleMaxLength = 200;
    public const int SummaryMaxLength = 2000;
    public const int BodyMaxLength = 8000;
    public const int MaxLinks = 20;

    private BestPractice() { }

    public Guid Id { get; private set; }

    public string Title { get; private set; } = "";

    public string Summary { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string? Lessons { get; private set; }

    public string SectorCode { get; private set; } = "";

    public string OrganizationCode { get; private set; } = "";

    public List<Guid> MatchIds { get; private set; } = [];

    public List<Guid> PlanIds { get; private set; } = [];

    public PracticeStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public static BestPractice Create(PracticeData data, DateTimeOffset at)
    {
        var practice = new BestPractice { Id = Guid.CreateVersion7(at), CreatedAt = at };
        practice.Update(data, at);
        return practice;
    }

    public void Update(PracticeData data, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(data);
        Title = data.Title.Trim();
        Summary = data.Summary.Trim();
        Body = data.Body.Trim();
        Lessons = string.IsNullOrWhiteSpace(data.Lessons) ? null : data.Lessons.Trim();
        SectorCode = data.SectorCode;
        OrganizationCode = data.OrganizationCode;
        MatchIds = [.. data.MatchIds.Distinct()];
        PlanIds = [.. data.PlanIds.Distinct()];
        if (data.Status == PracticeStatus.Published && Status != PracticeStatus.Published)
        {
            PublishedAt = at;
        }

        Status = data.Status;
        UpdatedAt = at;
    }
}

public sealed record ProposalData(string Title, string Problem, string Proposal, string? Evidence, PolicyTarget Target, string OrganizationCode);

/// <summary>A policy proposal (정책제언) from an institute; only the agency's admin reviews it.</summary>
public sealed class PolicyProposal
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 8000;
    public const int NoteMaxLength = 2000;

    private PolicyProposal() { }

    public Guid Id { get; private set; }

    public string Title { get; private set; } = "";

    public string Problem { get; private set; } = "";

    public string Proposal { get; private set; } = "";

    public string? Evidence { get; private set; }

    public PolicyTarget Target { get; private set; }

    public string OrganizationCode { get; private set; } = "";

    public ProposalReviewStatus ReviewStatus { get; private set; }

    public string? ReviewNote { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static PolicyProposal Create(ProposalData data, DateTimeOffset at)
    {
        var proposal = new PolicyProposal { Id = Guid.CreateVersion7(at), CreatedAt = at, ReviewStatus = ProposalReviewStatus.Submitted };
        proposal.Update(data, at);
        return proposal;
    }

    public void Update(ProposalData data, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(data);
        Title = data.Title.Trim();
        Problem = data.Problem.Trim();
        Proposal = data.Proposal.Trim();
        Evidence = string.IsNullOrWhiteSpace(data.Evidence) ? null : data.Evidence.Trim();
        Target = data.Target;
        OrganizationCode = data.OrganizationCode;
        UpdatedAt = at;
    }

    public bool IsReviewFinal => ReviewStatus is ProposalReviewStatus.Accepted or ProposalReviewStatus.Rejected or ProposalReviewStatus.ForwardedToMinistry;

    public static IReadOnlyList<ProposalReviewStatus> NextStatuses(ProposalReviewStatus status) => status switch
    {
        ProposalReviewStatus.Submitted => [ProposalReviewStatus.UnderReview, ProposalReviewStatus.Rejected],
        ProposalReviewStatus.UnderReview => [ProposalReviewStatus.Accepted, ProposalReviewStatus.Rejected, ProposalReviewStatus.ForwardedToMinistry],
        ProposalReviewStatus.Accepted => [ProposalReviewStatus.ForwardedToMinistry],
        _ => [],
    };

    public ProposalReview Review(ProposalReviewStatus to, string? note, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!NextStatuses(ReviewStatus).Contains(to))
        {
            throw new DomainException("Proposal.ReviewNotAllowed", $"A proposal cannot move from {ReviewStatus} to {to}.");
        }

        var review = new ProposalReview(Id, ReviewStatus, to, note, actor, at);
        ReviewStatus = to;
        ReviewNote = string.IsNullOrWhiteSpace(note) ? ReviewNote : note.Trim();
        UpdatedAt = at;
        return review;
    }
}

/// <summary>One step of a proposal's review: who, when, from, to, the note.</summary>
public sealed class ProposalReview
{
    private ProposalReview() { }

    internal ProposalReview(Guid proposalId, ProposalReviewStatus from, ProposalReviewStatus to, string? note, Actor actor, DateTimeOffset at)
    {
        ProposalId = proposalId;
        From = from;
        To = to;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        ActorUserId = actor.UserId;
        ActorName = actor.Name;
        At = at;
    }

    public long Id { get; private set; }

    public Guid ProposalId { get; private set; }

    public ProposalReviewStatus From { get; private set; }

    public ProposalReviewStatus To { get; private set; }

    public string? Note { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string ActorName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}
