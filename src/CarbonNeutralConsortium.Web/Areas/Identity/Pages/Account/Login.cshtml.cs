using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Areas.Identity.Pages.Account;

public sealed partial class LoginModel(
    SignInManager<PortalUser> signIn,
    IStringLocalizer<SharedResource> localizer,
    ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email!.Trim(), Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.SafeReturnUrl(ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            // The password was right; the authenticator code comes next (the account is identified by a short-lived cookie).
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null });
        }

        var reason = result.IsLockedOut ? "locked_out" : result.IsNotAllowed ? "not_allowed" : "bad_credentials";
        LogSignInFailed(logger, reason);
        ModelState.AddModelError("", localizer[result.IsLockedOut ? "Login.LockedOut" : "Login.Failed"]);
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed: {Reason}")]
    private static partial void LogSignInFailed(ILogger logger, string reason);

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(254, ErrorMessage = V.StringLength)]
        [EmailAddress(ErrorMessage = V.Email)]
        [PlainText]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(PortalIdentityOptions.MaximumPasswordLength, ErrorMessage = V.StringLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Field.Password")]
        public string? Password { get; set; }
    }
}
