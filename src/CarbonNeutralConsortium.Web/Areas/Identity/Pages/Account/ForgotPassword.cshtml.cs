using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Areas.Identity.Pages.Account;

public sealed class ForgotPasswordModel(PasswordResetService resets) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await resets.RequestAsync(Input.Email!, cancellationToken);
        return RedirectToPage("./ForgotPasswordConfirmation");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(254, ErrorMessage = V.StringLength)]
        [EmailAddress(ErrorMessage = V.Email)]
        [PlainText]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }
    }
}
