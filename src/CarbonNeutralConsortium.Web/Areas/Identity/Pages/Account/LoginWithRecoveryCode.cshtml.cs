using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Areas.Identity.Pages.Account;

/// <summary>The second step with one of the recovery codes (the phone is lost): each code works once.</summary>
public sealed partial class LoginWithRecoveryCodeModel(
    SignInManager<PortalUser> signIn,
    IStringLocalizer<SharedResource> localizer,
    ILogger<LoginWithRecoveryCodeModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("./Login", new { ReturnUrl }) : Page();

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

        var code = Input.RecoveryCode!.Replace(" ", "", StringComparison.Ordinal).Trim();
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            TempData["Status"] = "Login.RecoveryCodeUsed";
            return LocalRedirect(Url.SafeReturnUrl(ReturnUrl));
        }

        LogFailed(logger, user.Id, result.IsLockedOut ? "locked_out" : "recovery_code_refused");
        ModelState.AddModelError("Input.RecoveryCode", localizer[result.IsLockedOut ? "Login.LockedOut" : "Login.RecoveryCodeInvalid"]);
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in with a recovery code failed for user {UserId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid? userId, string reason);

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(32, ErrorMessage = V.StringLength)]
        [PlainText]
        [Display(Name = "Field.RecoveryCode")]
        public string? RecoveryCode { get; set; }
    }
}
