using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Areas.Identity.Pages.Account;

/// <summary>The second step of signing in: the six-digit code of the person's authenticator app (good once only).</summary>
public sealed partial class LoginWith2faModel(
    SignInManager<PortalUser> signIn,
    IStringLocalizer<SharedResource> localizer,
    ILogger<LoginWith2faModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            // The password step was not done (or is more than five minutes old).
            return RedirectToPage("./Login", new { ReturnUrl });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            LogFailed(logger, null, "two_factor_session_expired");
            TempData["Error"] = "Login.TwoFactorExpired";
            return RedirectToPage("./Login", new { ReturnUrl });
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Totp.Normalize(Input.Code) ?? "", isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.SafeReturnUrl(ReturnUrl));
        }

        LogFailed(logger, user.Id, result.IsLockedOut ? "locked_out" : result.IsNotAllowed ? "not_allowed" : "two_factor_code_refused");
        ModelState.AddModelError("Input.Code", localizer[result.IsLockedOut ? "Login.LockedOut" : "Login.TwoFactorInvalid"]);
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed at the second factor for user {UserId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid? userId, string reason);

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(9, ErrorMessage = V.StringLength)]
        [TotpCode]
        [Display(Name = "Field.TotpCode")]
        public string? Code { get; set; }
    }
}
