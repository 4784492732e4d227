using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Programmes;

/// <summary>The plan form as typed: the links are the identifiers a person knows (registration numbers, external ids, reference numbers).</summary>
/// <param name="Companies">Business registration numbers (or ids) of participating companies.</param>
/// <param name="Partners">External ids (or ids) of overseas partners of the registry.</param>
/// <param name="Requests">Reference numbers (or ids) of partnership requests.</param>
/// <param name="Matches">Ids of matches.</param>
public sealed record PlanForm(
    string? TitleKo, string? TitleEn, string? Summary, string? LeadOrganizationCode, string? SectorCode, IReadOnlyList<string> ContributorCodes,
    string? Companies, string? Partners, string? Requests, string? Matches, long? BudgetKrw, DateOnly? StartDate, DateOnly? EndDate);

public sealed record PlanFilter(PlanStage? Stage = null, string? Institute = null, string? Sector = null, string? Query = null, int Page = 1);

public sealed record PlanRow(Guid Id, string TitleKo, string TitleEn, PlanStage Stage, string LeadOrganizationCode, string SectorCode,
    IReadOnlyList<string> ContributorCodes, long? BudgetKrw, DateOnly? StartDate, DateOnly? EndDate, DateTimeOffset UpdatedAt);

public sealed record PlanLinkedCompany(Guid Id, string NameKo, string BusinessRegistrationNumber);

public sealed record PlanLinkedPartner(Guid Id, string Name, string ExternalId, string CountryCode);

public sealed record PlanLinkedRequest(Guid Id, string? ReferenceNumber, RequestStatus Status);

public sealed record PlanLinkedMatch(Guid Id, string? RequestReference, string PartnerName, MatchStatus Status, AgreementKind? AgreementKind);

public sealed record PlanHistoryRow(PlanStage? From, PlanStage To, string ActorName, string? ActorOrganizationCode, string? Note, DateTimeOffset At);

public sealed record PlanStudyView(string TechnicalFeasibility, string Market, string PartnerCapability, string Risks, FeasibilityConclusion Conclusion,
    string RecordedByName, DateTimeOffset RecordedAt);

public sealed record PlanDocumentRow(Guid Id, string FileName, AttachmentKind Kind, long SizeBytes, string UploadedByName, DateTimeOffset UploadedAt);

public sealed record PlanDetails(
    Guid Id, string TitleKo, string TitleEn, string? Summary, PlanStage Stage, string LeadOrganizationCode, string SectorCode, IReadOnlyList<string> ContributorCodes,
    long? BudgetKrw, DateOnly? StartDate, DateOnly? EndDate, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<PlanLinkedCompany> Companies, IReadOnlyList<PlanLinkedPartner> Partners, IReadOnlyList<PlanLinkedRequest> Requests,
    IReadOnlyList<PlanLinkedMatch> Matches, IReadOnlyList<PlanHistoryRow> History, PlanStudyView? Study, IReadOnlyList<PlanDocumentRow> Documents);

/// <summary>
/// Joint R&amp;D plans: the staff's list (filters, paging), a plan's details with its links, history and study, and the
/// changes (create, edit, stage, study), each checked against the actor and audited in the same transaction.
/// </summary>
public sealed class PlanService(ConsortiumDbContext db, TimeProvider clock)
{
    public const int PageSize = 25;
    public const int MaxPage = 400;

    public static bool CanEdit(Actor actor, string lead, IEnumerable<string> contributors) =>
        ProgrammeAccess.IsAdmin(actor) || (ProgrammeAccess.IsCoordinator(actor) && (actor.OrganizationCode == lead || contributors.Contains(actor.OrganizationCode!)));

    public static bool CanChangeStage(Actor actor, string lead) => ProgrammeAccess.ActsFor(actor, lead);

    public async Task<BoundedPage<PlanRow>> ListAsync(PlanFilter filter, Guid? viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var plans = db.Plans.AsNoTracking();
        if (filter.Stage is { } stage)
        {
            plans = plans.Where(p => p.Stage == stage);
        }

        if (!string.IsNullOrEmpty(filter.Institute))
        {
            var institute = filter.Institute;
            plans = plans.Where(p => p.LeadOrganizationCode == institute || p.ContributorCodes.Contains(institute));
        }

        if (!string.IsNullOrEmpty(filter.Sector))
        {
            plans = plans.Where(p => p.SectorCode == filter.Sector);
        }

        if (ProgrammeText.LikePattern(filter.Query) is { } pattern)
        {
            plans = plans.Where(p => EF.Functions.ILike(p.TitleKo, pattern) || EF.Functions.ILike(p.TitleEn, pattern));
        }

        var rows = plans.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id)
            .Select(p => new PlanRow(p.Id, p.TitleKo, p.TitleEn, p.Stage, p.LeadOrganizationCode, p.SectorCode, p.ContributorCodes, p.BudgetKrw, p.StartDate, p.EndDate, p.UpdatedAt));
        return await db.ReadAsync(plans, rows, filter.Page, PageSize, MaxPage, viewer, cancellationToken);
    }

    public async Task<PlanDetails?> GetDetailsAsync(Guid id, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return null;
        }

        var companies = plan.CompanyIds.Count == 0 ? [] : await db.Companies.AsNoTracking().Where(c => plan.CompanyIds.Contains(c.Id))
            .OrderBy(c => c.NameKo).Select(c => new PlanLinkedCompany(c.Id, c.NameKo, c.BusinessRegistrationNumber)).ToListAsync(cancellationToken);
        var partners = plan.PartnerIds.Count == 0 ? [] : await db.OverseasPartners.AsNoTracking().Where(p => plan.PartnerIds.Contains(p.Id))
            .OrderBy(p => p.Name).Select(p => new PlanLinkedPartner(p.Id, p.Name, p.ExternalId, p.CountryCode)).ToListAsync(cancellationToken);
        var requests = plan.RequestIds.Count == 0 ? [] : await db.Requests.AsNoTracking().Where(r => plan.RequestIds.Contains(r.Id))
            .OrderBy(r => r.ReferenceNumber).Select(r => new PlanLinkedRequest(r.Id, r.ReferenceNumber, r.Status)).ToListAsync(cancellationToken);
        var matches = plan.MatchIds.Count == 0 ? [] : await (
                from m in db.Matches.AsNoTracking()
                where plan.MatchIds.Contains(m.Id)
                join r in db.Requests.AsNoTracking() on m.RequestId equals r.Id
                join p in db.OverseasPartners.AsNoTracking() on m.PartnerId equals p.Id
                orderby r.ReferenceNumber, p.Name
                select new PlanLinkedMatch(m.Id, r.ReferenceNumber, p.Name, m.Status, m.AgreementKind))
            .ToListAsync(cancellationToken);
        var history = await db.PlanStageChanges.AsNoTracking().Where(c => c.PlanId == id).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new PlanHistoryRow(c.From, c.To, c.ActorName, c.ActorOrganizationCode, c.Note, c.At)).ToListAsync(cancellationToken);
        var study = await db.PlanFeasibilityStudies.AsNoTracking().Where(s => s.PlanId == id)
            .Select(s => new PlanStudyView(s.TechnicalFeasibility, s.Market, s.PartnerCapability, s.Risks, s.Conclusion, s.RecordedByName, s.RecordedAt))
            .SingleOrDefaultAsync(cancellationToken);
        var documents = await db.PlanDocuments.AsNoTracking().Where(d => d.PlanId == id).OrderBy(d => d.UploadedAt)
            .Select(d => new PlanDocumentRow(d.Id, d.FileName, d.Kind, d.SizeBytes, d.UploadedByName, d.UploadedAt)).ToListAsync(cancellationToken);
        return new PlanDetails(plan.Id, plan.TitleKo, plan.TitleEn, plan.Summary, plan.Stage, plan.LeadOrganizationCode, plan.SectorCode, plan.ContributorCodes,
            plan.BudgetKrw, plan.StartDate, plan.EndDate, plan.CreatedAt, plan.UpdatedAt, companies, partners, requests, matches, history, study, documents);
    }

    /// <summary>The saved plan as the form shows it (links as the identifiers a person types), or null.</summary>
    public async Task<PlanForm?> GetFormAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await GetDetailsAsync(id, cancellationToken);
        return details is null ? null : new PlanForm(details.TitleKo, details.TitleEn, details.Summary, details.LeadOrganizationCode, details.SectorCode,
            details.ContributorCodes,
            string.Join(", ", details.Companies.Select(c => c.BusinessRegistrationNumber)),
            string.Join(", ", details.Partners.Select(p => p.ExternalId)),
            string.Join(", ", details.Requests.Select(r => r.ReferenceNumber ?? r.Id.ToString())),
            string.Join(", ", details.Matches.Select(m => m.Id)),
            details.BudgetKrw, details.StartDate, details.EndDate);
    }

    /// <summary>Creates (id null) or edits a plan. A coordinator's new plan is led by their institute.</summary>
    public async Task<ServiceResult<Guid>> SaveAsync(Actor actor, Guid? id, PlanForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(form);
        if (!ProgrammeAccess.IsStaff(actor))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        JointRdPlan? plan = null;
        if (id is { } existing)
        {
            plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == existing, cancellationToken);
            if (plan is null)
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
            }

            if (!CanEdit(actor, plan.LeadOrganizationCode, plan.ContributorCodes))
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
            }
        }

        var errors = new List<FieldError>();
        ProgrammeText.Required(errors, "TitleKo", form.TitleKo, JointRdPlan.TitleMaxLength);
        ProgrammeText.Required(errors, "TitleEn", form.TitleEn, JointRdPlan.TitleMaxLength);
        ProgrammeText.Optional(errors, "Summary", form.Summary, JointRdPlan.SummaryMaxLength, multiline: true);

        // The lead: a coordinator's own institute for a new plan; only the lead or an admin hands a plan to another institute.
        var lead = form.LeadOrganizationCode?.Trim() ?? "";
        if (!ProgrammeAccess.IsAdmin(actor))
        {
            var mayChooseLead = plan is not null && plan.LeadOrganizationCode == actor.OrganizationCode;
            if (!mayChooseLead || lead.Length == 0)
            {
                lead = plan?.LeadOrganizationCode ?? actor.OrganizationCode!;
            }
        }

        var institutes = await db.Organizations.AsNoTracking().Where(o => o.Kind == Domain.ReferenceData.OrganizationKind.Institute).Select(o => o.Code).ToListAsync(cancellationToken);
        if (lead.Length == 0)
        {
            errors.Add(new FieldError("LeadOrganizationCode", "Programmes.ChooseOne"));
        }
        else if (!institutes.Contains(lead))
        {
            errors.Add(new FieldError("LeadOrganizationCode", "Programmes.UnknownCode"));
        }

        var contributors = form.ContributorCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (contributors.Any(c => !institutes.Contains(c)) || contributors.Count > institutes.Count)
        {
            errors.Add(new FieldError("ContributorCodes", "Programmes.UnknownCode"));
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

        if (form.BudgetKrw is < 0 or > JointRdPlan.MaxBudgetKrw)
        {
            errors.Add(new FieldError("BudgetKrw", "Programmes.BudgetRange", ProgrammeText.Format(JointRdPlan.MaxBudgetKrw)));
        }

        if (form.StartDate is { } start && !ProgrammeText.InRange(start))
        {
            errors.Add(new FieldError("StartDate", "Programmes.DateRange"));
        }

        if (form.EndDate is { } end && !ProgrammeText.InRange(end))
        {
            errors.Add(new FieldError("EndDate", "Programmes.DateRange"));
        }
        else if (form.StartDate is { } from && form.EndDate is { } to && to < from)
        {
            errors.Add(new FieldError("EndDate", "Programmes.EndBeforeStart"));
        }

        var companyIds = await ResolveCompaniesAsync(errors, form.Companies, cancellationToken);
        var partnerIds = await ResolvePartnersAsync(errors, form.Partners, cancellationToken);
        var requestIds = await ResolveRequestsAsync(errors, actor, form.Requests, cancellationToken);
        var matchIds = await ResolveMatchesAsync(errors, actor, form.Matches, cancellationToken);
        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var data = new PlanData(form.TitleKo!, form.TitleEn!, form.Summary, lead, sector, contributors, companyIds, partnerIds, requestIds, matchIds,
            form.BudgetKrw, form.StartDate, form.EndDate);
        var now = clock.GetUtcNow();
        if (plan is null)
        {
            plan = JointRdPlan.Create(data, now);
            db.Plans.Add(plan);
            db.PlanStageChanges.Add(PlanStageChange.Created(plan, actor, now));
            db.AuditEntries.Add(AuditEntry.For(actor, "Plan.Created", "JointRdPlan", plan.Id, now, Short($"{plan.TitleKo} ({lead})")));
        }
        else
        {
            plan.Update(data, now);
            db.AuditEntries.Add(AuditEntry.For(actor, "Plan.Updated", "JointRdPlan", plan.Id, now, Short($"{plan.TitleKo} ({lead})")));
        }

        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(plan.Id);
    }

    /// <summary>Moves a plan to another stage: its lead institute or an admin; a proposal needs a pre-feasibility study that is not NoGo.</summary>
    public async Task<ServiceResult<Guid>> ChangeStageAsync(Actor actor, Guid id, PlanStage? to, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
        }

        if (!CanChangeStage(actor, plan.LeadOrganizationCode))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        var errors = new List<FieldError>();
        ProgrammeText.Optional(errors, "Note", note, PlanStageChange.NoteMaxLength, multiline: true);
        if (to is not { } target || !Enum.IsDefined(target) || !JointRdPlan.NextStages(plan.Stage).Contains(target))
        {
            errors.Add(new FieldError("To", "Plan.StageNotAllowed"));
        }
        else if (target == PlanStage.ProposalSubmitted)
        {
            var conclusion = await db.PlanFeasibilityStudies.AsNoTracking().Where(s => s.PlanId == id).Select(s => (FeasibilityConclusion?)s.Conclusion)
                .SingleOrDefaultAsync(cancellationToken);
            if (conclusion is null)
            {
                errors.Add(new FieldError("To", "Plan.NeedsStudy"));
            }
            else if (conclusion == FeasibilityConclusion.NoGo)
            {
                errors.Add(new FieldError("To", "Plan.StudyNoGo"));
            }
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var now = clock.GetUtcNow();
        var from = plan.Stage;
        db.PlanStageChanges.Add(plan.MoveTo(to!.Value, actor, note, now));
        db.AuditEntries.Add(AuditEntry.For(actor, "Plan.StageChanged", "JointRdPlan", plan.Id, now, $"{from} → {plan.Stage}"));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(plan.Id);
    }

    /// <summary>Records (or revises) the plan's pre-feasibility study: the plan's editors.</summary>
    public async Task<ServiceResult<Guid>> RecordStudyAsync(Actor actor, Guid id, string? technical, string? market, string? partnerCapability, string? risks,
        FeasibilityConclusion? conclusion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.LeadOrganizationCode, p.ContributorCodes, p.Stage }).SingleOrDefaultAsync(cancellationToken);
        if (plan is null)
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
        }

        if (!CanEdit(actor, plan.LeadOrganizationCode, plan.ContributorCodes))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        var errors = new List<FieldError>();
        ProgrammeText.Required(errors, "TechnicalFeasibility", technical, PlanFeasibilityStudy.TextMaxLength, multiline: true);
        ProgrammeText.Required(errors, "Market", market, PlanFeasibilityStudy.TextMaxLength, multiline: true);
        ProgrammeText.Required(errors, "PartnerCapability", partnerCapability, PlanFeasibilityStudy.TextMaxLength, multiline: true);
        ProgrammeText.Required(errors, "Risks", risks, PlanFeasibilityStudy.TextMaxLength, multiline: true);
        if (conclusion is not { } verdict || !Enum.IsDefined(verdict))
        {
            errors.Add(new FieldError("Conclusion", "Programmes.ChooseOne"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var now = clock.GetUtcNow();
        var study = await db.PlanFeasibilityStudies.SingleOrDefaultAsync(s => s.PlanId == id, cancellationToken);
        if (study is null)
        {
            study = new PlanFeasibilityStudy(id);
            db.PlanFeasibilityStudies.Add(study);
        }

        study.Record(technical!, market!, partnerCapability!, risks!, conclusion!.Value, actor, now);
        await db.Plans.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), cancellationToken);
        db.AuditEntries.Add(AuditEntry.For(actor, "Plan.StudyRecorded", "JointRdPlan", id, now, conclusion.Value.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(id);
    }

    /// <summary>Adds a document to a plan: its editors; the file checked as a request's attachments are (type from the content, 10 MB).</summary>
    public async Task<ServiceResult<Guid>> AddDocumentAsync(Actor actor, Guid id, UploadedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(file);
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.LeadOrganizationCode, p.ContributorCodes }).SingleOrDefaultAsync(cancellationToken);
        if (plan is null)
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
        }

        if (!CanEdit(actor, plan.LeadOrganizationCode, plan.ContributorCodes))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        const int megabytes = (int)(RequestAttachment.MaxBytes / (1024 * 1024));
        if (file.Length > RequestAttachment.MaxBytes)
        {
            return ServiceResult<Guid>.Fail("File", "Attachment.TooLarge", megabytes);
        }

        byte[] data;
        await using (var stream = file.OpenReadStream())
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > RequestAttachment.MaxBytes)
                {
                    return ServiceResult<Guid>.Fail("File", "Attachment.TooLarge", megabytes);
                }
            }

            data = buffer.ToArray();
        }

        var now = clock.GetUtcNow();
        var existing = await db.PlanDocuments.CountAsync(d => d.PlanId == id, cancellationToken);
        PlanDocument document;
        try
        {
            document = PlanDocument.Create(id, file.FileName, data.LongLength, AttachmentTypes.Detect(data), existing, actor, now);
        }
        catch (DomainException ex)
        {
            return ServiceResult<Guid>.Fail("File", ex.Code, ex.Code == "Plan.TooManyDocuments" ? PlanDocument.MaxPerPlan : megabytes);
        }

        db.PlanDocuments.Add(document);
        db.PlanDocumentContents.Add(new PlanDocumentContent(document.Id, data));
        db.AuditEntries.Add(AuditEntry.For(actor, "Plan.DocumentAdded", "JointRdPlan", id, now, Short(document.FileName)));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(document.Id);
    }

    /// <summary>A plan's document to download (every staff member reads plans), or null.</summary>
    public async Task<AttachmentDownload?> GetDocumentAsync(Guid planId, Guid documentId, CancellationToken cancellationToken)
    {
        var found = await (
            from d in db.PlanDocuments.AsNoTracking()
            join c in db.PlanDocumentContents.AsNoTracking() on d.Id equals c.DocumentId
            where d.Id == documentId && d.PlanId == planId
            select new { d.FileName, d.Kind, c.Data }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : new AttachmentDownload(found.FileName, AttachmentTypes.ContentType(found.Kind), found.Data);
    }

    private async Task<List<Guid>> ResolveCompaniesAsync(List<FieldError> errors, string? text, CancellationToken cancellationToken)
    {
        var tokens = ProgrammeText.Tokens(text);
        if (tokens.Count > JointRdPlan.MaxLinks)
        {
            errors.Add(new FieldError("Companies", "Programmes.TooManyLinks", JointRdPlan.MaxLinks));
            return [];
        }

        var ids = tokens.Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var digits = tokens.Select(t => t.Replace("-", "", StringComparison.Ordinal)).ToList();
        var found = tokens.Count == 0 ? [] : await db.Companies.AsNoTracking()
            .Where(c => ids.Contains(c.Id) || digits.Contains(c.BusinessRegistrationNumber))
            .Select(c => new { c.Id, c.BusinessRegistrationNumber }).ToListAsync(cancellationToken);
        var unknown = tokens.Where(t => !found.Any(c => c.Id.ToString() == t || c.BusinessRegistrationNumber == t.Replace("-", "", StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError("Companies", "Programmes.UnknownLinks", ProgrammeText.Unknown(unknown)));
        }

        return [.. found.Select(c => c.Id)];
    }

    private async Task<List<Guid>> ResolvePartnersAsync(List<FieldError> errors, string? text, CancellationToken cancellationToken)
    {
        var tokens = ProgrammeText.Tokens(text);
        if (tokens.Count > JointRdPlan.MaxLinks)
        {
            errors.Add(new FieldError("Partners", "Programmes.TooManyLinks", JointRdPlan.MaxLinks));
            return [];
        }

        var ids = tokens.Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var found = tokens.Count == 0 ? [] : await db.OverseasPartners.AsNoTracking()
            .Where(p => ids.Contains(p.Id) || tokens.Contains(p.ExternalId))
            .Select(p => new { p.Id, p.ExternalId }).ToListAsync(cancellationToken);
        var unknown = tokens.Where(t => !found.Any(p => p.Id.ToString() == t || p.ExternalId == t)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError("Partners", "Programmes.UnknownLinks", ProgrammeText.Unknown(unknown)));
        }

        return [.. found.Select(p => p.Id)];
    }

    /// <summary>Requests the actor's institute can see (lead or contributor; an admin any), by reference number or id; drafts never.</summary>
    internal async Task<List<Guid>> ResolveRequestsAsync(List<FieldError> errors, Actor actor, string? text, CancellationToken cancellationToken, string field = "Requests")
    {
        var tokens = ProgrammeText.Tokens(text);
        if (tokens.Count > JointRdPlan.MaxLinks)
        {
            errors.Add(new FieldError(field, "Programmes.TooManyLinks", JointRdPlan.MaxLinks));
            return [];
        }

        var ids = tokens.Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var found = tokens.Count == 0 ? [] : await VisibleRequests(actor)
            .Where(r => ids.Contains(r.Id) || tokens.Contains(r.ReferenceNumber!))
            .Select(r => new { r.Id, r.ReferenceNumber }).ToListAsync(cancellationToken);
        var unknown = tokens.Where(t => !found.Any(r => r.Id.ToString() == t || r.ReferenceNumber == t)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError(field, "Programmes.UnknownLinks", ProgrammeText.Unknown(unknown)));
        }

        return [.. found.Select(r => r.Id)];
    }

    /// <summary>Matches of requests the actor's institute can see, by id.</summary>
    internal async Task<List<Guid>> ResolveMatchesAsync(List<FieldError> errors, Actor actor, string? text, CancellationToken cancellationToken, string field = "Matches")
    {
        var tokens = ProgrammeText.Tokens(text);
        if (tokens.Count > JointRdPlan.MaxLinks)
        {
            errors.Add(new FieldError(field, "Programmes.TooManyLinks", JointRdPlan.MaxLinks));
            return [];
        }

        var ids = tokens.Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var visible = VisibleRequests(actor);
        var found = ids.Count == 0 ? [] : await db.Matches.AsNoTracking()
            .Where(m => ids.Contains(m.Id) && visible.Any(r => r.Id == m.RequestId))
            .Select(m => m.Id).ToListAsync(cancellationToken);
        var unknown = tokens.Where(t => !found.Any(m => m.ToString() == t)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError(field, "Programmes.UnknownLinks", ProgrammeText.Unknown(unknown)));
        }

        return found;
    }

    private IQueryable<PartnershipRequest> VisibleRequests(Actor actor)
    {
        var requests = db.Requests.AsNoTracking().Where(r => r.Status != RequestStatus.Draft);
        if (ProgrammeAccess.IsAdmin(actor))
        {
            return requests;
        }

        var organization = actor.OrganizationCode;
        return requests.Where(r => r.LeadOrganizationCode == organization || r.Contributors.Any(x => x.OrganizationCode == organization));
    }

    private static string Short(string text) => text.Length <= 500 ? text : text[..500];
}
