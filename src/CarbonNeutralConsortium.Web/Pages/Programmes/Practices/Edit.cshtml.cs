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

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Practices;

/// <summary>Writes (no id) or edits a best practice: its institute's coordinators and admins (anyone else: 403).</summary>
public sealed class EditModel(KnowledgeService knowledge, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer)
    : ProgrammeEditModel<PracticeInput>(reference, localizer)
{
    public bool ChoosesInstitute { get; private set; }

    protected override string SavedStatus => "Practices.Saved";

    protected override async Task<EditableRecord<PracticeInput>?> LoadAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        await knowledge.GetPracticeFormAsync(id, cancellationToken) is { } form
            ? new(PracticeInput.From(form), KnowledgeService.CanEdit(actor, form.OrganizationCode!))
            : null;

    protected override PracticeInput NewInput(Actor actor) => new() { OrganizationCode = actor.OrganizationCode, Status = PracticeStatus.Draft };

    protected override Task<ServiceResult<Guid>> SaveAsync(Actor actor, Guid? id, CancellationToken cancellationToken) =>
        knowledge.SavePracticeAsync(actor, id, Input.ToForm(), cancellationToken);

    protected override void OnShowing(Actor actor, Guid? id) => ChoosesInstitute = ProgrammeAccess.IsAdmin(actor);
}

public sealed class PracticeInput
{
    public string? Title { get; set; }

    public string? Summary { get; set; }

    public string? Body { get; set; }

    public string? Lessons { get; set; }

    public string? SectorCode { get; set; }

    public string? OrganizationCode { get; set; }

    public string? Matches { get; set; }

    public string? Plans { get; set; }

    public PracticeStatus? Status { get; set; }

    public static PracticeInput From(PracticeForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new()
        {
            Title = form.Title, Summary = form.Summary, Body = form.Body, Lessons = form.Lessons, SectorCode = form.SectorCode, OrganizationCode = form.OrganizationCode,
            Matches = form.Matches, Plans = form.Plans, Status = form.Status,
        };
    }

    public PracticeForm ToForm() => new(Title, Summary, Body, Lessons, SectorCode, OrganizationCode, Matches, Plans, Status);
}
