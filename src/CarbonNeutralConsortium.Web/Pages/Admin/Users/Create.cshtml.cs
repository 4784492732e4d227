using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Users;

/// <summary>An admin creates a staff account; the person receives an e-mail to choose their password.</summary>
public sealed class CreateModel(StaffAccountService staff, ReferenceQueries reference, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<(CodeName Organization, OrganizationKind Kind)> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Organizations = await reference.GetOrganizationsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await staff.CreateAsync(
                new StaffAccountInput(Input.Email!, Input.DisplayName!, Input.Role!, Input.OrganizationCode!, Input.Culture ?? PortalCultures.Korean),
                password: null,
                cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "AdminUsers.Created";
                return RedirectToPage("./Index");
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }

        Organizations = await reference.GetOrganizationsAsync(cancellationToken);
        return Page();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(PortalUser.DisplayNameMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.DisplayName")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(254, ErrorMessage = V.StringLength)]
        [EmailAddress(ErrorMessage = V.Email)]
        [PlainText]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(64, ErrorMessage = V.StringLength)]
        [Display(Name = "Field.Role")]
        public string? Role { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(64, ErrorMessage = V.StringLength)]
        [Display(Name = "Field.Organization")]
        public string? OrganizationCode { get; set; }

        [RegularExpression("^(ko|en)$", ErrorMessage = V.Choice)]
        [Display(Name = "Field.Language")]
        public string? Culture { get; set; } = PortalCultures.Korean;
    }
}
