using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace CarbonNeutralConsortium.Web.Pages.Account;

/// <summary>
/// Setting up the authenticator app: the key as a QR code and as text, then one code from the app to prove it. On
/// success the session counts as two-factor, and the recovery codes are shown once. Coordinators and admins are
/// sent here until they have done it.
/// </summary>
public sealed class AuthenticatorModel(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    AccountSecurityService security,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string Issuer = "CNC Portal";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Key { get; private set; } = "";

    public string QrCodeDataUri { get; private set; } = "";

    public bool Required { get; private set; }

    public bool AlreadyEnabled { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public string ContinueUrl => ReturnUrl == PortalSecurity.EnrollmentPath ? "/" : Url.SafeReturnUrl(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.TwoFactorEnabled && User.IsStaff() && !User.HasSecondFactor())
        {
            // Enrolled already, but this session never passed the second factor: sign in again, with the code.
            await signIn.SignOutAsync();
            return RedirectToPage("/Account/Login", new { area = "Identity", ReturnUrl = ContinueUrl });
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.TwoFactorEnabled)
        {
            // Set up already (another tab): nothing to change here; resetting is done from the account page.
            return RedirectToPage("/Account/Index");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        var result = await security.EnableAuthenticatorAsync(user, User.ActorOf(), Input.Code);
        if (!result.Succeeded)
        {
            ModelState.AddFieldErrors(result.Errors, localizer, "Input");
            await LoadAsync(user);
            return Page();
        }

        // The session now counts as two-factor (and carries the account's new security stamp).
        var current = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await signIn.SignInWithClaimsAsync(user, current.Properties, [new Claim(PortalSecurity.AuthenticationMethodClaim, PortalSecurity.MultiFactor)]);
        RecoveryCodes = result.Value!;
        AlreadyEnabled = true;
        return Page();
    }

    private async Task LoadAsync(PortalUser user)
    {
        Required = User.IsStaff();
        AlreadyEnabled = user.TwoFactorEnabled;
        if (AlreadyEnabled)
        {
            return;
        }

        Key = await security.AuthenticatorKeyAsync(user);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email ?? "")}?secret={Key}&issuer={Uri.EscapeDataString(Issuer)}&digits={Totp.Digits}&period={Totp.StepSeconds}";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>The key in groups of four, as people type it.</summary>
    public static string Grouped(string key) => string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(9, ErrorMessage = V.StringLength)]
        [TotpCode]
        [Display(Name = "Field.TotpCode")]
        public string? Code { get; set; }
    }
}
