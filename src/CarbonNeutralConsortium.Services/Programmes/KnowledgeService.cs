using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Programmes;

public sealed record PracticeForm(string? Title, string? Summary, string? Body, string? Lessons, string? SectorCode, string? OrganizationCode,
    string? Matches, string? Plans, PracticeStatus? Status);

public sealed record PracticeRow(Guid Id, string Title, string Summary, string SectorCode, string OrganizationCode, PracticeStatus Status, DateTimeOffset UpdatedAt);

/// <summary>A linked match's outcome, anonymized: no company and no partner named.</summary>
public sealed record PracticeMatchOutcome(Guid Id, string SectorCode, MatchStatus Status, AgreementKind? AgreementKind, DateTimeOffset? OutcomeAt);

public sealed record PracticeDetails(Guid Id, string Title, string Summary, string Body, string? Lessons, string SectorCode, string OrganizationCode, PracticeStatus Status,
    DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, IReadOnlyList<PracticeMatchOutcome> Matches, IReadOnlyList<LinkedPlan> Plans);

public sealed record ProposalForm(string? Title, string? Problem, string? Proposal, string? Evidence, PolicyTarget? Target, string? OrganizationCode);

public sealed record ProposalRow(Guid Id, string Title, PolicyTarget Target, string OrganizationCode, ProposalReviewStatus ReviewStatus, DateTimeOffset UpdatedAt);

public sealed record ProposalReviewRow(ProposalReviewStatus From, ProposalReviewStatus To, string? Note, string ActorName, DateTimeOffset At);

public sealed record ProposalDetails(Guid Id, string Title, string Problem, string Proposal, string? Evidence, PolicyTarget Target, string OrganizationCode,
    ProposalReviewStatus ReviewStatus, string? ReviewNote, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ProposalReviewRow> Reviews);

/// <summary>
/// Best practices (published ones read by every signed-in user, drafts by staff) and policy proposals (staff; only the
/// agency's admin reviews them). An institute edits its own; the admin any. Every change audited.
/// </summary>
public sealed class KnowledgeService(ConsortiumDbContext db, PlanService plans, StandardsService standards, TimeProvider clock)
{
    public const int PageSize = 20;
    public const int MaxPage = 400;

    public static bool CanEdit(Actor actor, string organization) => ProgrammeAccess.ActsFor(actor, organization);

    public async Task<BoundedPage<PracticeRow>> ListPracticesAsync(bool staff, string? sector, string? query, int page, Guid? viewer, CancellationToken cancellationToken)
    {
        var practices = db.BestPractices.AsNoTracking();
        if (!staff)
        {
            practices = practices.Where(p => p.Status == PracticeStatus.Published);
        }

        if (!string.IsNullOrEmpty(sector))
        {
            practices = practices.Where(p => p.SectorCode == sector);
        }

        if (ProgrammeText.LikePattern(query) is { } pattern)
        {
            practices = practices.Where(p => EF.Functions.ILike(p.Title, pattern));
        }

        var rows = practices.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id)
            .Select(p => new PracticeRow(p.Id, p.Title, p.Summary, p.SectorCode, p.OrganizationCode, p.Status, p.UpdatedAt));
        return await db.ReadAsync(practices, rows, page, PageSize, MaxPage, viewer, cancellationToken);
    }

    /// <summary>A practice as its reader sees it; a draft only for staff (anyone else: null, a 404).</summary>
    public async Task<PracticeDetails?> GetPracticeAsync(Guid id, bool staff, CancellationToken cancellationToken)
    {
        var p = await db.BestPractices.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (p is null || (!staff && p.Status != PracticeStatus.Published))
        {
            return null;
        }

        var matches = p.MatchIds.Count == 0 ? [] : await (
                from m in db.Matches.AsNoTracking()
                where p.MatchIds.Contains(m.Id)
                join r in db.Requests.AsNoTracking() on m.RequestId equals r.Id
                orderby m.ProposedAt
                select new PracticeMatchOutcome(m.Id, r.SectorCode ?? "", m.Status, m.AgreementKind, m.OutcomeAt))
            .ToListAsync(cancellationToken);
        var linkedPlans = p.PlanIds.Count == 0 ? [] : await db.Plans.AsNoTracking().Where(x => p.PlanIds.Contains(x.Id)).OrderBy(x => x.TitleKo)
            .Select(x => new LinkedPlan(x.Id, x.TitleKo, x.TitleEn, x.Stage)).ToListAsync(cancellationToken);
        return new PracticeDetails(p.Id, p.Title, p.Summary, p.Body, p.Lessons, p.SectorCode, p.OrganizationCode, p.Status, p.UpdatedAt, p.PublishedAt, matches, linkedPlans);
    }

    public async Task<PracticeForm?> GetPracticeFormAsync(Guid id, CancellationToken cancellationToken)
    {
        var p = await GetPracticeAsync(id, staff: true, cancellationToken);
        return p is null ? null : new PracticeForm(p.Title, p.Summary, p.Body, p.Lessons, p.SectorCode, p.OrganizationCode,
            string.Join(", ", p.Matches.Select(m => m.Id)), string.Join(", ", p.Plans.Select(x => x.Id)), p.Status);
    }

    public async Task<ServiceResult<Guid>> SavePracticeAsync(Actor actor, Guid? id, PracticeForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(form);
        if (!ProgrammeAccess.IsStaff(actor))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        BestPractice? practice = null;
        if (id is { } existing)
        {
            practice = await db.BestPractices.SingleOrDefaultAsync(p => p.Id == existing, cancellationToken);
            if (practice is null)
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
            }

            if (!CanEdit(actor, practice.OrganizationCode))
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
            }
        }

        var errors = new List<FieldError>();
        ProgrammeText.Required(errors, "Title", form.Title, BestPractice.TitleMaxLength);
        ProgrammeText.Required(errors, "Summary", form.Summary, BestPractice.SummaryMaxLength, multiline: true);
        ProgrammeText.Required(errors, "Body", form.Body, BestPractice.BodyMaxLength, multiline: true);
        ProgrammeText.Optional(errors, "Lessons", form.Lessons, BestPractice.BodyMaxLength, multiline: true);
        if (form.Status is not { } status || !Enum.IsDefined(status))
        {
            errors.Add(new FieldError("Status", "Programmes.ChooseOne"));
        }

        var sector = form.SectorCode?.Trim() ?? "";
        if (sector.Length == 0)
        {
            errors.Add(new FieldError("SectorCode", "Programmes.ChooseOne"));
        }
        else if (!await db.Sectors.AnyAsync(s => s.Code == sector, cancellationToken))
        {
            errors.Add(new FieldError("SectorCode", "Programmes.UnknownCode"));
        }

        var organization = await OrganizationAsync(errors, actor, practice?.OrganizationCode, form.OrganizationCode, cancellationToken);
        var matchIds = await plans.ResolveMatchesAsync(errors, actor, form.Matches, cancellationToken);
        var planIds = await standards.ResolvePlansAsync(errors, form.Plans, cancellationToken);
        if (matchIds.Count + planIds.Count > BestPractice.MaxLinks)
        {
            errors.Add(new FieldError("Matches", "Programmes.TooManyLinks", BestPractice.MaxLinks));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var data = new PracticeData(form.Title!, form.Summary!, form.Body!, form.Lessons, sector, organization, matchIds, planIds, form.Status!.Value);
        var now = clock.GetUtcNow();
        if (practice is null)
        {
            practice = BestPractice.Create(data, now);
            db.BestPractices.Add(practice);
            db.AuditEntries.Add(AuditEntry.For(actor, "Practice.Created", "BestPractice", practice.Id, now, $"{practice.Status}"));
        }
        else
        {
            practice.Update(data, now);
            db.AuditEntries.Add(AuditEntry.For(actor, "Practice.Updated", "BestPractice", practice.Id, now, $"{practice.Status}"));
        }

        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(practice.Id);
    }

    public async Task<BoundedPage<ProposalRow>> ListProposalsAsync(ProposalReviewStatus? status, PolicyTarget? target, string? query, int page, Guid? viewer,
        CancellationToken cancellationToken)
    {
        var proposals = db.PolicyProposals.AsNoTracking();
        if (status is { } s)
        {
            proposals = proposals.Where(p => p.ReviewStatus == s);
        }

        if (target is { } t)
        {
            proposals = proposals.Where(p => p.Target == t);
        }

        if (ProgrammeText.LikePattern(query) is { } pattern)
        {
            proposals = proposals.Where(p => EF.Functions.ILike(p.Title, pattern));
        }

        var rows = proposals.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id)
            .Select(p => new ProposalRow(p.Id, p.Title, p.Target, p.OrganizationCode, p.ReviewStatus, p.UpdatedAt));
        return await db.ReadAsync(proposals, rows, page, PageSize, MaxPage, viewer, cancellationToken);
    }

    public async Task<ProposalDetails?> GetProposalAsync(Guid id, CancellationToken cancellationToken)
    {
        var p = await db.PolicyProposals.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (p is null)
        {
            return null;
        }

        var reviews = await db.ProposalReviews.AsNoTracking().Where(r => r.ProposalId == id).OrderBy(r => r.At).ThenBy(r => r.Id)
            .Select(r => new ProposalReviewRow(r.From, r.To, r.Note, r.ActorName, r.At)).ToListAsync(cancellationToken);
        return new ProposalDetails(p.Id, p.Title, p.Problem, p.Proposal, p.Evidence, p.Target, p.OrganizationCode, p.ReviewStatus, p.ReviewNote, p.CreatedAt, p.UpdatedAt, reviews);
    }

    public async Task<ServiceResult<Guid>> SaveProposalAsync(Actor actor, Guid? id, ProposalForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(form);
        if (!ProgrammeAccess.IsStaff(actor))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        PolicyProposal? proposal = null;
        if (id is { } existing)
        {
            proposal = await db.PolicyProposals.SingleOrDefaultAsync(p => p.Id == existing, cancellationToken);
            if (proposal is null)
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
            }

            if (!CanEdit(actor, proposal.OrganizationCode))
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
            }

            // Once the agency has taken it up, the proposal it reviews stays as it was submitted.
            if (proposal.ReviewStatus != ProposalReviewStatus.Submitted)
            {
                return ServiceResult<Guid>.Fail("", "Proposals.LockedInReview");
            }
        }

        var errors = new List<FieldError>();
        ProgrammeText.Required(errors, "Title", form.Title, PolicyProposal.TitleMaxLength);
        ProgrammeText.Required(errors, "Problem", form.Problem, PolicyProposal.TextMaxLength, multiline: true);
        ProgrammeText.Required(errors, "Proposal", form.Proposal, PolicyProposal.TextMaxLength, multiline: true);
        ProgrammeText.Optional(errors, "Evidence", form.Evidence, PolicyProposal.TextMaxLength, multiline: true);
        if (form.Target is not { } target || !Enum.IsDefined(target))
        {
            errors.Add(new FieldError("Target", "Programmes.ChooseOne"));
        }

        var organization = await OrganizationAsync(errors, actor, proposal?.OrganizationCode, form.OrganizationCode, cancellationToken);
        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var data = new ProposalData(form.Title!, form.Problem!, form.Proposal!, form.Evidence, form.Target!.Value, organization);
        var now = clock.GetUtcNow();
        if (proposal is null)
        {
            proposal = PolicyProposal.Create(data, now);
            db.PolicyProposals.Add(proposal);
            db.AuditEntries.Add(AuditEntry.For(actor, "Proposal.Submitted", "PolicyProposal", proposal.Id, now, proposal.Target.ToString()));
        }
        else
        {
            proposal.Update(data, now);
            db.AuditEntries.Add(AuditEntry.For(actor, "Proposal.Updated", "PolicyProposal", proposal.Id, now, proposal.Target.ToString()));
        }

        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(proposal.Id);
    }

    /// <summary>Sets a proposal's review status: the agency's admin only (anyone else: forbidden, nothing changes).</summary>
    public async Task<ServiceResult<Guid>> ReviewProposalAsync(Actor actor, Guid id, ProposalReviewStatus? to, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var proposal = await db.PolicyProposals.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null)
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
        }

        if (!ProgrammeAccess.IsAdmin(actor))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        var errors = new List<FieldError>();
        ProgrammeText.Optional(errors, "Note", note, PolicyProposal.NoteMaxLength, multiline: true);
        if (to is not { } target || !Enum.IsDefined(target) || !PolicyProposal.NextStatuses(proposal.ReviewStatus).Contains(target))
        {
            errors.Add(new FieldError("Status", "Proposal.ReviewNotAllowed"));
        }
        else if (target is ProposalReviewStatus.Rejected && string.IsNullOrWhiteSpace(note))
        {
            errors.Add(new FieldError("Note", "Proposal.NoteRequired"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var now = clock.GetUtcNow();
        var from = proposal.ReviewStatus;
        db.ProposalReviews.Add(proposal.Review(to!.Value, note, actor, now));
        db.AuditEntries.Add(AuditEntry.For(actor, "Proposal.Reviewed", "PolicyProposal", proposal.Id, now, $"{from} → {proposal.ReviewStatus}"));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(proposal.Id);
    }

    /// <summary>The owning institute: a coordinator's own (kept on edit); an admin chooses any institute.</summary>
    private async Task<string> OrganizationAsync(List<FieldError> errors, Actor actor, string? current, string? chosen, CancellationToken cancellationToken)
    {
        var organization = ProgrammeAccess.IsAdmin(actor) ? chosen?.Trim() ?? "" : current ?? actor.OrganizationCode!;
        if (organization.Length == 0)
        {
            errors.Add(new FieldError("OrganizationCode", "Programmes.ChooseOne"));
        }
        else if (!await db.Organizations.AnyAsync(o => o.Code == organization && o.Kind == Domain.ReferenceData.OrganizationKind.Institute, cancellationToken))
        {
            errors.Add(new FieldError("OrganizationCode", "Programmes.UnknownCode"));
        }

        return organization;
    }
}
