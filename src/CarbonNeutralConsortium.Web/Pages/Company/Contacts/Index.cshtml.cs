using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Company.Contacts;

/// <summary>The own company's contact persons with the state of their consents: withdraw transfer consent, remove.</summary>
public sealed class IndexModel(ContactPersonService contacts, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<ContactListItem> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        People = await contacts.ListAsync(companyId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        var notice = ConsentTexts.Notice(ConsentKind.OverseasTransfer, key => localizer[key].Value, PortalCultures.Current);
        var result = await contacts.WithdrawTransferAsync(companyId, id, User.ActorOf(), notice, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        TempData["Status"] = "Contacts.Withdrawn";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        if (!confirm)
        {
            // Removal blanks the person's data for good: only with the box ticked.
            if (!await contacts.ExistsAsync(companyId, id, cancellationToken))
            {
                return NotFound();
            }

            ModelState.AddModelError("", localizer["Contacts.RemoveConfirmRequired"]);
            People = await contacts.ListAsync(companyId, cancellationToken);
            return Page();
        }

        var result = await contacts.RemoveAsync(companyId, id, User.ActorOf(), cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = "Contacts.Removed";
            return RedirectToPage();
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("", localizer[error.Code, error.Arguments]);
        }

        People = await contacts.ListAsync(companyId, cancellationToken);
        return Page();
    }
}
