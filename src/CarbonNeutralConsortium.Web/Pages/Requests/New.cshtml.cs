using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using CarbonNeutralConsortium.Web.Requests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Requests;

/// <summary>
/// Step 1 of a new partnership request. The form carries a client key made on GET: posting it twice (double
/// click, resend) finds the draft the first post created instead of making another.
/// </summary>
[RetryPostOnTransientFault("")] // the client key: a second run finds the draft the first one created
public sealed class NewModel(RequestDraftService drafts, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<CodeName> CooperationTypes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is null)
        {
            return NotFound();
        }

        Input = new InputModel { ClientKey = Guid.NewGuid() };
        CooperationTypes = (await drafts.GetOptionsAsync(User.CompanyIdOf()!.Value, RequestStep.Need, cancellationToken)).CooperationTypes;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        if (Input.ClientKey is null || Input.ClientKey == Guid.Empty)
        {
            // The hidden key is missing or damaged: give the form a new one (the person posts it again knowingly).
            ModelState.Remove("Input.ClientKey");
            Input.ClientKey = Guid.NewGuid();
            ModelState.AddModelError("", localizer["Request.FormExpired"]);
        }

        if (ModelState.IsValid)
        {
            var result = await drafts.CreateAsync(companyId, Input.ClientKey.Value,
                new NeedInput(Input.Title!, Input.PublicSummary, Input.CooperationTypeCode), User.ActorOf(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Requests.DraftCreated";
                return Redirect($"/Requests/Edit/{result.Value}/{RequestStep.Technology}");
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }

        CooperationTypes = (await drafts.GetOptionsAsync(companyId, RequestStep.Need, cancellationToken)).CooperationTypes;
        return Page();
    }

    public sealed class InputModel : NeedFields
    {
        public Guid? ClientKey { get; set; }
    }
}
