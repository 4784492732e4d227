using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Areas.Identity.Pages.Account;

/// <summary>SME self-registration: the company and its first member in one step.</summary>
public sealed class RegisterModel(
    SmeRegistrationService registration,
    SignInManager<PortalUser> signIn,
    ReferenceQueries reference,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<CodeName> Sectors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Sectors = await reference.GetSectorsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await registration.RegisterAsync(
                new SmeRegistration(Input.CompanyNameKo!, Input.CompanyNameEn, Input.BusinessRegistrationNumber!, Input.Size!.Value, Input.SectorCode!,
                    Input.DisplayName!, Input.Email!, Input.Password!, Input.PrivacyConsent, PortalCultures.Current),
                cancellationToken);
            if (result.Succeeded)
            {
                await signIn.SignInAsync(result.Value!, isPersistent: false);
                TempData["Status"] = "Register.Success";
                return RedirectToPage("/Company/Index", new { area = "" });
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }

        Sectors = await reference.GetSectorsAsync(cancellationToken);
        return Page();
    }

    public sealed class InputModel : NewAccountFields
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(Company.NameMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.CompanyNameKo")]
        public string? CompanyNameKo { get; set; }

        [StringLength(Company.NameMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.CompanyNameEn")]
        public string? CompanyNameEn { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(20, ErrorMessage = V.StringLength)]
        [Display(Name = "Field.BusinessRegistrationNumber")]
        public string? BusinessRegistrationNumber { get; set; }

        [Required(ErrorMessage = V.Required)]
        [Display(Name = "Field.CompanySize")]
        public CompanySize? Size { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(64, ErrorMessage = V.StringLength)]
        [Display(Name = "Field.Sector")]
        public string? SectorCode { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(254, ErrorMessage = V.StringLength)]
        [EmailAddress(ErrorMessage = V.Email)]
        [PlainText]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }
    }
}
