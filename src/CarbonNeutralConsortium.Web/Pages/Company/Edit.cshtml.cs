using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Company;

/// <summary>
/// Edit the own company's profile. The business registration number is not part of the form (a crafted field is
/// ignored); a save by a colleague in between is a conflict that shows the saved values and keeps the input.
/// </summary>
public sealed class EditModel(
    CompanyQueries companies,
    CompanyProfileService profiles,
    ReferenceQueries reference,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public CompanyEditView Saved { get; private set; } = null!;

    /// <summary>Set after a conflict: the values someone else saved.</summary>
    public bool Conflict { get; private set; }

    public IReadOnlyList<CodeName> Sectors { get; private set; } = [];

    public IReadOnlyList<TechnologyGroup> Technologies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Input = InputModel.From(Saved);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var companyId = User.CompanyIdOf();
        if (companyId is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await profiles.UpdateAsync(companyId.Value, User.ActorOf(), new CompanyProfileInput(Input.NameKo, Input.NameEn, Input.Size!.Value,
                Input.SectorCode, Input.RegionCode, Input.Employees, Input.FoundedYear, Input.Website, Input.Description, Input.TechnologyCodes, Input.Version),
                cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Company.ProfileSaved";
                return RedirectToPage("./Index");
            }

            if (result.Errors.Any(e => e.Code == CompanyProfileService.ConflictCode))
            {
                if (!await LoadAsync(cancellationToken))
                {
                    return NotFound();
                }

                // Keep the user's input; the next save is made against what is saved now.
                Conflict = true;
                ModelState.Remove("Input.Version");
                Input.Version = Saved.Version;
                var at = Saved.ProfileUpdatedAt is { } time ? Display.Kst(time) : "";
                ModelState.AddModelError("", Saved.ProfileUpdatedBy is { } name
                    ? localizer["Company.ProfileConflict", name, at]
                    : localizer["Company.ProfileConflictSomeone", at]);
                return Page();
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var companyId = User.CompanyIdOf();
        var saved = companyId is { } id ? await companies.GetEditAsync(id, cancellationToken) : null;
        if (saved is null)
        {
            return false;
        }

        Saved = saved;
        Sectors = await reference.GetSectorsAsync(cancellationToken);
        Technologies = await companies.GetTechnologyGroupsAsync(cancellationToken);
        return true;
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(Domain.Companies.Company.NameMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.CompanyNameKo")]
        public string? NameKo { get; set; }

        [StringLength(Domain.Companies.Company.NameMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.CompanyNameEn")]
        public string? NameEn { get; set; }

        [Required(ErrorMessage = V.Required)]
        [Display(Name = "Field.CompanySize")]
        public CompanySize? Size { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(64, ErrorMessage = V.StringLength)]
        [Display(Name = "Field.Sector")]
        public string? SectorCode { get; set; }

        [StringLength(16, ErrorMessage = V.StringLength)]
        [Display(Name = "Field.Region")]
        public string? RegionCode { get; set; }

        [Display(Name = "Field.Employees")]
        public int? Employees { get; set; }

        [Display(Name = "Field.FoundedYear")]
        public int? FoundedYear { get; set; }

        [StringLength(Domain.Companies.Company.WebsiteMaxLength, ErrorMessage = V.StringLength)]
        [PlainText]
        [Display(Name = "Field.Website")]
        public string? Website { get; set; }

        [StringLength(Domain.Companies.Company.DescriptionMaxLength, ErrorMessage = V.StringLength)]
        [PlainText(Multiline = true)]
        [Display(Name = "Field.Description")]
        public string? Description { get; set; }

        [Display(Name = "Field.TechnologyAreas")]
        public List<string> TechnologyCodes { get; set; } = [];

        public uint Version { get; set; }

        public static InputModel From(CompanyEditView saved) => new()
        {
            NameKo = saved.NameKo,
            NameEn = saved.NameEn,
            Size = saved.Size,
            SectorCode = saved.SectorCode,
            RegionCode = saved.RegionCode,
            Employees = saved.Employees,
            FoundedYear = saved.FoundedYear,
            Website = saved.Website,
            Description = saved.Description,
            TechnologyCodes = saved.TechnologyCodes.ToList(),
            Version = saved.Version,
        };
    }
}
