using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes;

/// <summary>The saved record as its form shows it, and whether the signed-in person may edit it.</summary>
public sealed record EditableRecord<TInput>(TInput Input, bool MayEdit);

/// <summary>
/// The create (no id) and edit page of a programme record (plan, standards item, best practice, policy proposal): the
/// record not found is a 404, a record the person may not edit a 403 (also on a crafted POST), the service's field
/// errors go beside their fields, and a save goes to the record's details with a status line.
/// </summary>
public abstract class ProgrammeEditModel<TInput>(ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer) : PageModel
    where TInput : class, new()
{
    [BindProperty]
    public TInput Input { get; set; } = new();

    public Guid? Id { get; private set; }

    public ReferenceSnapshot Reference { get; private set; } = null!;

    /// <summary>The status line's localization key after a save.</summary>
    protected abstract string SavedStatus { get; }

    /// <summary>The saved record, or null when it does not exist.</summary>
    protected abstract Task<EditableRecord<TInput>?> LoadAsync(Actor actor, Guid id, CancellationToken cancellationToken);

    /// <summary>The form of a new record.</summary>
    protected abstract TInput NewInput(Actor actor);

    protected abstract Task<ServiceResult<Guid>> SaveAsync(Actor actor, Guid? id, CancellationToken cancellationToken);

    /// <summary>Sets what the page needs besides the form (e.g. whether the institute can be chosen).</summary>
    protected virtual void OnShowing(Actor actor, Guid? id)
    {
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (id is { } existing)
        {
            var saved = await LoadAsync(actor, existing, cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            if (!saved.MayEdit)
            {
                return Forbid();
            }

            Input = saved.Input;
        }
        else
        {
            Input = NewInput(actor);
        }

        return await ShowAsync(actor, id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (ModelState.IsValid)
        {
            var result = await SaveAsync(actor, id, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = SavedStatus;
                return RedirectToPage("./Details", new { id = result.Value });
            }

            if (result.IsNotFound())
            {
                return NotFound();
            }

            if (result.IsForbidden())
            {
                return Forbid();
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }
        else if (id is { } existing && await LoadAsync(actor, existing, cancellationToken) is { MayEdit: false })
        {
            return Forbid();
        }

        return await ShowAsync(actor, id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Actor actor, Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        OnShowing(actor, id);
        Reference = await reference.GetAsync(cancellationToken);
        return Page();
    }
}
