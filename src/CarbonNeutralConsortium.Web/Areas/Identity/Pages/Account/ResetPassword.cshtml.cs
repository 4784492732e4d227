using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Areas.Identity.Pages.Account;

/// <summary>Choose a new password from an e-mailed link (password reset, or a new staff account's invitation).</summary>
public sealed class ResetPasswordModel(PasswordResetService resets, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkIsValid => UserId != Guid.Empty && PortalLinks.DecodeToken(Code) is not null;

    public void OnGet() => KeepTokenPrivate();

    public async Task<IActionResult> OnPostAsync()
    {
        KeepTokenPrivate();
        var token = PortalLinks.DecodeToken(Code);
        if (UserId == Guid.Empty || token is null)
        {
            ModelState.AddModelError("", localizer["Account.InvalidToken"]);
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await resets.ResetAsync(UserId, token, Input.Password!);
        if (!result.Succeeded)
        {
            ModelState.AddFieldErrors(result.Errors, localizer);
            return Page();
        }

        return RedirectToPage("./ResetPasswordConfirmation");
    }

    /// <summary>The address carries a reset token: no caching, and no Referer header to any other page.</summary>
    private void KeepTokenPrivate()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(PortalIdentityOptions.MaximumPasswordLength, MinimumLength = PortalIdentityOptions.MinimumPasswordLength, ErrorMessage = V.StringLengthRange)]
        [DataType(DataType.Password)]
        [Display(Name = "Field.NewPassword")]
        public string? Password { get; set; }

        [Required(ErrorMessage = V.Required)]
        [Compare(nameof(Password), ErrorMessage = V.Compare)]
        [DataType(DataType.Password)]
        [Display(Name = "Field.ConfirmPassword")]
        public string? ConfirmPassword { get; set; }
    }
}
