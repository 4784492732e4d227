using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Company.Contacts;

/// <summary>
/// Add (no id) or edit a contact person of the own company. The consent notices are shown in full, in the current
/// language, before the checkboxes; each decision is recorded with exactly those texts.
/// </summary>
public sealed class EditModel(ContactPersonService contacts, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public ContactEditView? Existing { get; private set; }

    public bool IsNew => Existing is null;

    /// <summary>Set after a conflict: <see cref="Existing"/> then holds what the colleague saved.</summary>
    public bool Conflict { get; private set; }

    public ConsentNotice CollectionNotice => Notice(ConsentKind.Collection);

    public ConsentNotice TransferNotice => Notice(ConsentKind.OverseasTransfer);

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        if (id is { } personId)
        {
            Existing = await contacts.GetAsync(companyId, personId, cancellationToken);
            if (Existing is null)
            {
                return NotFound();
            }

            Input = new InputModel
            {
                Name = Existing.Name,
                Department = Existing.Department,
                Position = Existing.Position,
                Email = Existing.Email,
                Phone = Existing.Phone,
                CollectionConsent = Existing.Collection?.Granted == true,
                TransferConsent = Existing.Transfer?.Granted == true,
                Version = Existing.Version,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        if (id is { } personId)
        {
            Existing = await contacts.GetAsync(companyId, personId, cancellationToken);
            if (Existing is null)
            {
                return NotFound();
            }
        }

        if (ModelState.IsValid)
        {
            var input = new ContactInput(Input.Name, Input.Department, Input.Position, Input.Email, Input.Phone);
            var result = Existing is null
                ? await contacts.CreateAsync(companyId, User.ActorOf(), input, Input.CollectionConsent, Input.TransferConsent, CollectionNotice, TransferNotice, cancellationToken)
                : await contacts.UpdateAsync(companyId, Existing.Id, Input.Version, User.ActorOf(), input, Input.TransferConsent, TransferNotice, cancellationToken);
            if (result is null)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Status"] = Existing is null ? "Contacts.Added" : "Contacts.Saved";
                return RedirectToPage("./Index");
            }

            if (Existing is not null && result.Errors.Any(e => e.Code == ContactPersonService.ConflictCode))
            {
                Existing = await contacts.GetAsync(companyId, Existing.Id, cancellationToken);
                if (Existing is null)
                {
                    return NotFound();
                }

                // Keep the user's input and show what was saved; the next save is made against what is saved now
                // (the hidden field would otherwise keep the posted, stale version: tag helpers prefer ModelState).
                Conflict = true;
                ModelState.Remove("Input.Version");
                Input.Version = Existing.Version;
                ModelState.AddModelError("", localizer["Contacts.ConflictSaved"]);
                return Page();
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }

        return Page();
    }

    private ConsentNotice Notice(ConsentKind kind) => ConsentTexts.Notice(kind, key => localizer[key].Value, PortalCultures.Current);

    public sealed class InputModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(ContactPerson.NameMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.ContactName")]
        public string? Name { get; set; }

        [StringLength(ContactPerson.TextMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.Department")]
        public string? Department { get; set; }

        [StringLength(ContactPerson.TextMaxLength, ErrorMessage = V.StringLength)]
        [NameText]
        [Display(Name = "Field.Position")]
        public string? Position { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(ContactPerson.EmailMaxLength, ErrorMessage = V.StringLength)]
        [EmailAddress(ErrorMessage = V.Email)]
        [PlainText]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }

        [StringLength(ContactPerson.PhoneMaxLength, ErrorMessage = V.StringLength)]
        [PlainText]
        [Display(Name = "Field.Phone")]
        public string? Phone { get; set; }

        [Display(Name = "Field.CollectionConsent")]
        public bool CollectionConsent { get; set; }

        [Display(Name = "Field.TransferConsent")]
        public bool TransferConsent { get; set; }

        public uint Version { get; set; }
    }
}
