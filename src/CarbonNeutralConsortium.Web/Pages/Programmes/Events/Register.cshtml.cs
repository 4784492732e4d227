using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events;

/// <summary>Registration and cancellation (POST only; a GET goes back to the event page).</summary>
public sealed class RegisterModel(EventParticipationService participation) : PageModel
{
    public IActionResult OnGet(Guid id) => RedirectToPage("./Details", new { id });

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await participation.RegisterAsync(User.ActorOf(), id, User.CompanyIdOf(), cancellationToken);
        if (!result.Succeeded)
        {
            return Outcome(id, result.Errors[0].Code);
        }

        TempData["Status"] = result.Value == RegistrationStatus.Registered ? "Events.RegisteredStatus" : "Events.WaitlistedStatus";
        return RedirectToPage("./Details", new { id });
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await participation.CancelAsync(User.ActorOf(), id, cancellationToken);
        if (!result.Succeeded)
        {
            return Outcome(id, result.Errors[0].Code);
        }

        TempData["Status"] = "Events.CancelledStatus";
        return RedirectToPage("./Details", new { id });
    }

    private IActionResult Outcome(Guid id, string code)
    {
        if (code == "Events.NotFound")
        {
            return NotFound();
        }

        TempData["Error"] = code;
        return RedirectToPage("./Details", new { id });
    }
}
