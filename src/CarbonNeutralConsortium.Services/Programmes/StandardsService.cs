using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Programmes;

/// <summary>The standards item form as typed: related plans by id, related requests by reference number or id.</summary>
public sealed record StandardsForm(
    StandardKind? Kind, StandardsBody? Body, string? Reference, string? TitleKo, string? TitleEn, IReadOnlyList<string> SectorCodes, IReadOnlyList<string> TechnologyCodes,
    StandardStatus? Status, string? LeadOrganizationCode, string? KoreaPosition, DateOnly? NextDeadline, string? NextDeadlineWhat, string? Plans, string? Requests);

public sealed record StandardsFilter(StandardsBody? Body = null, StandardStatus? Status = null, string? Sector = null, string? Institute = null,
    int? DeadlineWithinDays = null, string? Query = null, int Page = 1);

public sealed record StandardsRow(Guid Id, StandardKind Kind, StandardsBody Body, string Reference, string TitleKo, string TitleEn, StandardStatus Status,
    string LeadOrganizationCode, IReadOnlyList<string> SectorCodes, DateOnly? NextDeadline, string? NextDeadlineWhat, DateTimeOffset UpdatedAt);

public sealed record LinkedPlan(Guid Id, string TitleKo, string TitleEn, PlanStage Stage);

public sealed record StandardsDetails(
    Guid Id, StandardKind Kind, StandardsBody Body, string Reference, string TitleKo, string TitleEn, IReadOnlyList<string> SectorCodes, IReadOnlyList<string> TechnologyCodes,
    StandardStatus Status, string LeadOrganizationCode, string? KoreaPosition, DateOnly? NextDeadline, string? NextDeadlineWhat,
    IReadOnlyList<LinkedPlan> Plans, IReadOnlyList<PlanLinkedRequest> Requests, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Standards and technical regulation cooperation items: list, details, create and edit (lead institute or admin), audited.</summary>
public sealed class StandardsService(ConsortiumDbContext db, PlanService plans, TimeProvider clock)
{
    public const int PageSize = 25;
    public const int MaxPage = 400;
    public const int MaxDeadlineDays = 3650;

    public static bool CanEdit(Actor actor, string lead) => ProgrammeAccess.ActsFor(actor, lead);

    public async Task<BoundedPage<StandardsRow>> ListAsync(StandardsFilter filter, Guid? viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var items = db.StandardsItems.AsNoTracking();
        if (filter.Body is { } body)
        {
            items = items.Where(i => i.Body == body);
        }

        if (filter.Status is { } status)
        {
            items = items.Where(i => i.Status == status);
        }

        if (!string.IsNullOrEmpty(filter.Sector))
        {
            var sector = filter.Sector;
            items = items.Where(i => i.SectorCodes.Contains(sector));
        }

        if (!string.IsNullOrEmpty(filter.Institute))
        {
            items = items.Where(i => i.LeadOrganizationCode == filter.Institute);
        }

        if (filter.DeadlineWithinDays is { } days)
        {
            var today = KoreaTime.Today(clock);
            var until = today.AddDays(Math.Clamp(days, 0, MaxDeadlineDays));
            items = items.Where(i => i.NextDeadline != null && i.NextDeadline >= today && i.NextDeadline <= until);
        }

        if (ProgrammeText.LikePattern(filter.Query) is { } pattern)
        {
            items = items.Where(i => EF.Functions.ILike(i.TitleKo, pattern) || EF.Functions.ILike(i.TitleEn, pattern) || EF.Functions.ILike(i.Reference, pattern));
        }

        var rows = items.OrderByDescending(i => i.UpdatedAt).ThenBy(i => i.Id)
            .Select(i => new StandardsRow(i.Id, i.Kind, i.Body, i.Reference, i.TitleKo, i.TitleEn, i.Status, i.LeadOrganizationCode, i.SectorCodes,
                i.NextDeadline, i.NextDeadlineWhat, i.UpdatedAt));
        return await db.ReadAsync(items, rows, filter.Page, PageSize, MaxPage, viewer, cancellationToken);
    }

    public async Task<StandardsDetails?> GetDetailsAsync(Guid id, CancellationToken cancellationToken)
    {
        var item = await db.StandardsItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var linkedPlans = item.PlanIds.Count == 0 ? [] : await db.Plans.AsNoTracking().Where(p => item.PlanIds.Contains(p.Id)).OrderBy(p => p.TitleKo)
            .Select(p => new LinkedPlan(p.Id, p.TitleKo, p.TitleEn, p.Stage)).ToListAsync(cancellationToken);
        var requests = item.RequestIds.Count == 0 ? [] : await db.Requests.AsNoTracking().Where(r => item.RequestIds.Contains(r.Id))
            .OrderBy(r => r.ReferenceNumber).Select(r => new PlanLinkedRequest(r.Id, r.ReferenceNumber, r.Status)).ToListAsync(cancellationToken);
        return new StandardsDetails(item.Id, item.Kind, item.Body, item.Reference, item.TitleKo, item.TitleEn, item.SectorCodes, item.TechnologyCodes, item.Status,
            item.LeadOrganizationCode, item.KoreaPosition, item.NextDeadline, item.NextDeadlineWhat, linkedPlans, requests, item.CreatedAt, item.UpdatedAt);
    }

    public async Task<StandardsForm?> GetFormAsync(Guid id, CancellationToken cancellationToken)
    {
        var d = await GetDetailsAsync(id, cancellationToken);
        return d is null ? null : new StandardsForm(d.Kind, d.Body, d.Reference, d.TitleKo, d.TitleEn, d.SectorCodes, d.TechnologyCodes, d.Status,
            d.LeadOrganizationCode, d.KoreaPosition, d.NextDeadline, d.NextDeadlineWhat,
            string.Join(", ", d.Plans.Select(p => p.Id)), string.Join(", ", d.Requests.Select(r => r.ReferenceNumber ?? r.Id.ToString())));
    }

    public async Task<ServiceResult<Guid>> SaveAsync(Actor actor, Guid? id, StandardsForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(form);
        if (!ProgrammeAccess.IsStaff(actor))
        {
            return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
        }

        StandardsItem? item = null;
        if (id is { } existing)
        {
            item = await db.StandardsItems.SingleOrDefaultAsync(i => i.Id == existing, cancellationToken);
            if (item is null)
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.NotFound);
            }

            if (!CanEdit(actor, item.LeadOrganizationCode))
            {
                return ServiceResult<Guid>.Fail("", ProgrammeResultCodes.Forbidden);
            }
        }

        var errors = new List<FieldError>();
        if (form.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new FieldError("Kind", "Programmes.ChooseOne"));
        }

        if (form.Body is not { } body || !Enum.IsDefined(body))
        {
            errors.Add(new FieldError("Body", "Programmes.ChooseOne"));
        }

        if (form.Status is not { } status || !Enum.IsDefined(status))
        {
            errors.Add(new FieldError("Status", "Programmes.ChooseOne"));
        }

        ProgrammeText.Required(errors, "Reference", form.Reference, StandardsItem.ReferenceMaxLength);
        ProgrammeText.Required(errors, "TitleKo", form.TitleKo, StandardsItem.TitleMaxLength);
        ProgrammeText.Required(errors, "TitleEn", form.TitleEn, StandardsItem.TitleMaxLength);
        ProgrammeText.Optional(errors, "KoreaPosition", form.KoreaPosition, StandardsItem.PositionMaxLength, multiline: true);
        ProgrammeText.Optional(errors, "NextDeadlineWhat", form.NextDeadlineWhat, StandardsItem.DeadlineWhatMaxLength);
        if (form.NextDeadline is { } deadline && !ProgrammeText.InRange(deadline))
        {
            errors.Add(new FieldError("NextDeadline", "Programmes.DateRange"));
        }
        else if (form.NextDeadline is not null && string.IsNullOrWhiteSpace(form.NextDeadlineWhat))
        {
            errors.Add(new FieldError("NextDeadlineWhat", "Programmes.DeadlineWhat"));
        }

        var lead = ProgrammeAccess.IsAdmin(actor) ? form.LeadOrganizationCode?.Trim() ?? "" : item?.LeadOrganizationCode ?? actor.OrganizationCode!;
        if (lead.Length == 0)
        {
            errors.Add(new FieldError("LeadOrganizationCode", "Programmes.ChooseOne"));
        }
        else if (!await db.Organizations.AnyAsync(o => o.Code == lead && o.Kind == Domain.ReferenceData.OrganizationKind.Institute, cancellationToken))
        {
            errors.Add(new FieldError("LeadOrganizationCode", "Programmes.UnknownCode"));
        }

        var sectors = form.SectorCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToList();
        var knownSectors = await db.Sectors.AsNoTracking().Select(s => s.Code).ToListAsync(cancellationToken);
        if (sectors.Count == 0)
        {
            errors.Add(new FieldError("SectorCodes", "Programmes.ChooseSome"));
        }
        else if (sectors.Count > StandardsItem.MaxCodes || sectors.Any(s => !knownSectors.Contains(s)))
        {
            errors.Add(new FieldError("SectorCodes", "Programmes.UnknownCode"));
        }

        var technologies = form.TechnologyCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToList();
        if (technologies.Count > StandardsItem.MaxCodes)
        {
            errors.Add(new FieldError("TechnologyCodes", "Programmes.TooManyLinks", StandardsItem.MaxCodes));
        }
        else if (technologies.Count > 0)
        {
            var known = await db.TechnologyAreas.AsNoTracking().Where(t => technologies.Contains(t.Code)).CountAsync(cancellationToken);
            if (known != technologies.Count)
            {
                errors.Add(new FieldError("TechnologyCodes", "Programmes.UnknownCode"));
            }
        }

        var planIds = await ResolvePlansAsync(errors, form.Plans, cancellationToken);
        var requestIds = await plans.ResolveRequestsAsync(errors, actor, form.Requests, cancellationToken);
        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var data = new StandardsItemData(form.Kind!.Value, form.Body!.Value, form.Reference!, form.TitleKo!, form.TitleEn!, sectors, technologies, form.Status!.Value,
            lead, form.KoreaPosition, form.NextDeadline, form.NextDeadlineWhat, planIds, requestIds);
        var now = clock.GetUtcNow();
        if (item is null)
        {
            item = StandardsItem.Create(data, now);
            db.StandardsItems.Add(item);
            db.AuditEntries.Add(AuditEntry.For(actor, "Standards.Created", "StandardsItem", item.Id, now, $"{item.Reference} ({lead})"));
        }
        else
        {
            var before = item.Status;
            item.Update(data, now);
            db.AuditEntries.Add(AuditEntry.For(actor, "Standards.Updated", "StandardsItem", item.Id, now,
                before == item.Status ? item.Reference : $"{item.Reference}: {before} → {item.Status}"));
        }

        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(item.Id);
    }

    /// <summary>Plans by id (every staff member sees every plan).</summary>
    internal async Task<List<Guid>> ResolvePlansAsync(List<FieldError> errors, string? text, CancellationToken cancellationToken, string field = "Plans")
    {
        var tokens = ProgrammeText.Tokens(text);
        if (tokens.Count > JointRdPlan.MaxLinks)
        {
            errors.Add(new FieldError(field, "Programmes.TooManyLinks", JointRdPlan.MaxLinks));
            return [];
        }

        var ids = tokens.Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var found = ids.Count == 0 ? [] : await db.Plans.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        var unknown = tokens.Where(t => !(Guid.TryParse(t, out var g) && found.Contains(g))).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError(field, "Programmes.UnknownLinks", ProgrammeText.Unknown(unknown)));
        }

        return found;
    }
}
