using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Standards;

/// <summary>Creates (no id) or edits a standards item: its lead institute's coordinators and admins (anyone else: 403).</summary>
public sealed class EditModel(StandardsService standards, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer)
    : ProgrammeEditModel<StandardsInput>(reference, localizer)
{
    public bool ChoosesLead { get; private set; }

    protected override string SavedStatus => "Standards.Saved";

    protected override async Task<EditableRecord<StandardsInput>?> LoadAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        await standards.GetFormAsync(id, cancellationToken) is { } form
            ? new(StandardsInput.From(form), StandardsService.CanEdit(actor, form.LeadOrganizationCode!))
            : null;

    protected override StandardsInput NewInput(Actor actor) => new() { LeadOrganizationCode = actor.OrganizationCode };

    protected override Task<ServiceResult<Guid>> SaveAsync(Actor actor, Guid? id, CancellationToken cancellationToken) =>
        standards.SaveAsync(actor, id, Input.ToForm(), cancellationToken);

    protected override void OnShowing(Actor actor, Guid? id) => ChoosesLead = ProgrammeAccess.IsAdmin(actor);
}

public sealed class StandardsInput
{
    public StandardKind? Kind { get; set; }

    public StandardsBody? Body { get; set; }

    public string? Reference { get; set; }

    public string? TitleKo { get; set; }

    public string? TitleEn { get; set; }

    public List<string> SectorCodes { get; set; } = [];

    public List<string> TechnologyCodes { get; set; } = [];

    public StandardStatus? Status { get; set; }

    public string? LeadOrganizationCode { get; set; }

    public string? KoreaPosition { get; set; }

    public DateOnly? NextDeadline { get; set; }

    public string? NextDeadlineWhat { get; set; }

    public string? Plans { get; set; }

    public string? Requests { get; set; }

    public static StandardsInput From(StandardsForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new()
        {
            Kind = form.Kind, Body = form.Body, Reference = form.Reference, TitleKo = form.TitleKo, TitleEn = form.TitleEn, SectorCodes = [.. form.SectorCodes],
            TechnologyCodes = [.. form.TechnologyCodes], Status = form.Status, LeadOrganizationCode = form.LeadOrganizationCode, KoreaPosition = form.KoreaPosition,
            NextDeadline = form.NextDeadline, NextDeadlineWhat = form.NextDeadlineWhat, Plans = form.Plans, Requests = form.Requests,
        };
    }

    public StandardsForm ToForm() => new(Kind, Body, Reference, TitleKo, TitleEn, SectorCodes, TechnologyCodes, Status, LeadOrganizationCode, KoreaPosition,
        NextDeadline, NextDeadlineWhat, Plans, Requests);
}
