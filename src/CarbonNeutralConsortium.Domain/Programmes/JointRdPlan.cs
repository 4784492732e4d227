using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Programmes;

/// <summary>The stages of a joint R&amp;D plan (국제공동 R&amp;D 과제기획). Selected, NotSelected and Dropped are final.</summary>
public enum PlanStage
{
    Idea,
    Planning,
    PreFeasibility,
    ProposalSubmitted,
    Selected,
    NotSelected,
    Dropped,
}

/// <summary>The conclusion of a pre-feasibility study.</summary>
public enum FeasibilityConclusion
{
    Go,
    ConditionalGo,
    NoGo,
}

/// <summary>What a plan's editor may set (everything but the stage and the study).</summary>
public sealed record PlanData(
    string TitleKo,
    string TitleEn,
    string? Summary,
    string LeadOrganizationCode,
    string SectorCode,
    IReadOnlyList<string> ContributorCodes,
    IReadOnlyList<Guid> CompanyIds,
    IReadOnlyList<Guid> PartnerIds,
    IReadOnlyList<Guid> RequestIds,
    IReadOnlyList<Guid> MatchIds,
    long? BudgetKrw,
    DateOnly? StartDate,
    DateOnly? EndDate);

/// <summary>
/// An international joint R&amp;D plan: led by one institute with contributing institutes (convergence), the companies and
/// overseas partners it brings together, the requests and matches it grew from (by id), its budget and schedule.
/// </summary>
public sealed class JointRdPlan
{
    public const int TitleMaxLength = 200;
    public const int SummaryMaxLength = 4000;
    public const int MaxLinks = 50;
    public const long MaxBudgetKrw = 1_000_000_000_000;

    private JointRdPlan() { }

    public Guid Id { get; private set; }

    public string TitleKo { get; private set; } = "";

    public string TitleEn { get; private set; } = "";

    public string? Summary { get; private set; }

    public string LeadOrganizationCode { get; private set; } = "";

    public string SectorCode { get; private set; } = "";

    public List<string> ContributorCodes { get; private set; } = [];

    public List<Guid> CompanyIds { get; private set; } = [];

    public List<Guid> PartnerIds { get; private set; } = [];

    public List<Guid> RequestIds { get; private set; } = [];

    public List<Guid> MatchIds { get; private set; } = [];

    public PlanStage Stage { get; private set; }

    public long? BudgetKrw { get; private set; }

    public DateOnly? StartDate { get; private set; }

    public DateOnly? EndDate { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static JointRdPlan Create(PlanData data, DateTimeOffset at)
    {
        var plan = new JointRdPlan { Id = Guid.CreateVersion7(at), Stage = PlanStage.Idea, CreatedAt = at };
        plan.Update(data, at);
        return plan;
    }

    public void Update(PlanData data, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(data);
        TitleKo = data.TitleKo.Trim();
        TitleEn = data.TitleEn.Trim();
        Summary = string.IsNullOrWhiteSpace(data.Summary) ? null : data.Summary.Trim();
        LeadOrganizationCode = data.LeadOrganizationCode;
        SectorCode = data.SectorCode;
        ContributorCodes = [.. data.ContributorCodes.Where(c => c != data.LeadOrganizationCode).Distinct(StringComparer.Ordinal)];
        CompanyIds = [.. data.CompanyIds.Distinct()];
        PartnerIds = [.. data.PartnerIds.Distinct()];
        RequestIds = [.. data.RequestIds.Distinct()];
        MatchIds = [.. data.MatchIds.Distinct()];
        BudgetKrw = data.BudgetKrw;
        StartDate = data.StartDate;
        EndDate = data.EndDate;
        UpdatedAt = at;
    }

    public bool IsFinal => Stage is PlanStage.Selected or PlanStage.NotSelected or PlanStage.Dropped;

    /// <summary>The stages a plan may move to from its current one.</summary>
    public static IReadOnlyList<PlanStage> NextStages(PlanStage stage) => stage switch
    {
        PlanStage.Idea => [PlanStage.Planning, PlanStage.Dropped],
        PlanStage.Planning => [PlanStage.Idea, PlanStage.PreFeasibility, PlanStage.Dropped],
        PlanStage.PreFeasibility => [PlanStage.Planning, PlanStage.ProposalSubmitted, PlanStage.Dropped],
        PlanStage.ProposalSubmitted => [PlanStage.Selected, PlanStage.NotSelected, PlanStage.Dropped],
        _ => [],
    };

    /// <summary>Moves the plan (the caller checked who may); the change for the history.</summary>
    public PlanStageChange MoveTo(PlanStage to, Actor actor, string? note, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!NextStages(Stage).Contains(to))
        {
            throw new DomainException("Plan.StageNotAllowed", $"A plan cannot move from {Stage} to {to}.");
        }

        var change = new PlanStageChange(Id, Stage, to, actor, note, at);
        Stage = to;
        UpdatedAt = at;
        return change;
    }
}

/// <summary>One change of a plan's stage: who, when, from, to, why.</summary>
public sealed class PlanStageChange
{
    public const int NoteMaxLength = 1000;

    private PlanStageChange() { }

    internal PlanStageChange(Guid planId, PlanStage? from, PlanStage to, Actor actor, string? note, DateTimeOffset at)
    {
        PlanId = planId;
        From = from;
        To = to;
        ActorUserId = actor.UserId;
        ActorName = actor.Name;
        ActorOrganizationCode = actor.OrganizationCode;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        At = at;
    }

    public static PlanStageChange Created(JointRdPlan plan, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        return new PlanStageChange(plan.Id, null, plan.Stage, actor, null, at);
    }

    public long Id { get; private set; }

    public Guid PlanId { get; private set; }

    public PlanStage? From { get; private set; }

    public PlanStage To { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string ActorName { get; private set; } = "";

    public string? ActorOrganizationCode { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>The pre-feasibility study of a plan (one per plan, revised in place), required before a proposal is submitted.</summary>
public sealed class PlanFeasibilityStudy
{
    public const int TextMaxLength = 4000;

    private PlanFeasibilityStudy() { }

    public PlanFeasibilityStudy(Guid planId) => PlanId = planId;

    public Guid PlanId { get; private set; }

    public string TechnicalFeasibility { get; private set; } = "";

    public string Market { get; private set; } = "";

    public string PartnerCapability { get; private set; } = "";

    public string Risks { get; private set; } = "";

    public FeasibilityConclusion Conclusion { get; private set; }

    public string RecordedByName { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    public void Record(string technical, string market, string partnerCapability, string risks, FeasibilityConclusion conclusion, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        TechnicalFeasibility = technical.Trim();
        Market = market.Trim();
        PartnerCapability = partnerCapability.Trim();
        Risks = risks.Trim();
        Conclusion = conclusion;
        RecordedByName = actor.Name;
        RecordedAt = at;
    }
}
