using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Account;

/// <summary>The signed-in person's own security: password, authenticator app, recovery codes, and their sessions.</summary>
public sealed class IndexModel(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    AccountSecurityService security,
    PersonalDataExport export,
    CarbonNeutralConsortium.Services.Privacy.PersonalDataErasure erasure,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    /// <summary>The password typed to confirm erasing one's own account.</summary>
    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "Field.CurrentPassword")]
    public string? ErasePassword { get; set; }

    public string Email { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    public bool TwoFactorEnabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public bool IsStaff { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    /// <summary>A copy of everything the portal holds about the signed-in person, as JSON (their own data only: no id is taken).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (User.UserIdOf() is not { } userId)
        {
            return Challenge();
        }

        var now = clock.GetUtcNow();
        var json = await export.ExportAsync(userId, User.ActorOf(), now, cancellationToken);
        DownloadHeaders.Apply(Response);
        return File(json, "application/json", $"cnc-personal-data-{CarbonNeutralConsortium.Domain.Common.KoreaTime.ToKst(now):yyyyMMdd}.json");
    }

    /// <summary>
    /// An SME member erases their own account (PIPA's right to deletion): after their password, the account's personal
    /// data is erased at once, the company's requests stay, and the person is signed out. Staff ask an admin.
    /// </summary>
    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ModelState.Clear();
        var result = await erasure.EraseOwnAsync(User.ActorOf(), user.Id, ErasePassword, cancellationToken);
        if (result.Succeeded)
        {
            await signIn.SignOutAsync();
            TempData["Status"] = "Account.Erased";
            return Redirect("/");
        }

        ModelState.AddFieldErrors(result.Errors, localizer, prefix: "");
        ErasePassword = null;
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (ModelState.IsValid)
        {
            var result = await security.ChangePasswordAsync(user, User.ActorOf(), Password.CurrentPassword!, Password.NewPassword!);
            if (result.Succeeded)
            {
                // The new security stamp ends the person's other sessions; this one continues.
                await signIn.RefreshSignInAsync(user);
                TempData["Status"] = "Account.PasswordChanged";
                return RedirectToPage();
            }

            ModelState.AddFieldErrors(result.Errors, localizer, nameof(Password));
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        ModelState.Clear();
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await security.NewRecoveryCodesAsync(user, User.ActorOf());
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Errors[0].Code;
            return RedirectToPage();
        }

        await LoadAsync(user);
        RecoveryCodes = result.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableTwoFactorAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await security.DisableTwoFactorAsync(user, User.ActorOf());
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Errors[0].Code;
            return RedirectToPage();
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Account.TwoFactorDisabled";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await security.SignOutEverywhereAsync(user, User.ActorOf());
        await signIn.SignOutAsync();
        TempData["Status"] = "Account.SignedOutEverywhere";
        return RedirectToPage("/Account/Login", new { area = "Identity" });
    }

    private async Task LoadAsync(PortalUser user)
    {
        Email = user.Email ?? "";
        DisplayName = user.DisplayName;
        TwoFactorEnabled = user.TwoFactorEnabled;
        RecoveryCodesLeft = TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        IsStaff = User.IsStaff();
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(PortalIdentityOptions.MaximumPasswordLength, ErrorMessage = V.StringLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Field.CurrentPassword")]
        public string? CurrentPassword { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(PortalIdentityOptions.MaximumPasswordLength, MinimumLength = PortalIdentityOptions.MinimumPasswordLength, ErrorMessage = V.StringLengthRange)]
        [DataType(DataType.Password)]
        [Display(Name = "Field.NewPassword")]
        public string? NewPassword { get; set; }

        [Required(ErrorMessage = V.Required)]
        [Compare(nameof(NewPassword), ErrorMessage = V.Compare)]
        [DataType(DataType.Password)]
        [Display(Name = "Field.ConfirmPassword")]
        public string? ConfirmPassword { get; set; }
    }
}
