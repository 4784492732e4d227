using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Privacy;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Users;

/// <summary>One account: a staff member's role and organization, deactivate or reactivate, reset two-factor authentication.</summary>
public sealed class EditModel(
    UserAdministration administration,
    ReferenceQueries reference,
    PersonalDataErasure erasure,
    PersonalDataExport export,
    PersonalDataAccessLog accessLog,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>Why the person's data is erased (required; recorded in the audit log, so no personal data in it).</summary>
    [BindProperty]
    [Display(Name = "Privacy.Reason")]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? OrganizationCode { get; set; }

    public UserDetails Account { get; private set; } = null!;

    public IReadOnlyList<(CodeName Organization, OrganizationKind Kind)> Organizations { get; private set; } = [];

    public bool IsSelf => User.UserIdOf() == Account.Id;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Role = Account.Role;
        OrganizationCode = Account.OrganizationCode;
        await accessLog.RecordAsync(User.ActorOf(), PersonalDataPurposes.UserAccount, "User", id, 1, cancellationToken);
        return Page();
    }

    /// <summary>Everything the portal holds about the person, as JSON (to answer an access request received by letter or e-mail).</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await administration.GetAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var json = await export.ExportAsync(id, User.ActorOf(), now, cancellationToken);
        await accessLog.RecordAsync(User.ActorOf(), PersonalDataPurposes.UserDataExport, "User", id, 1, cancellationToken);
        DownloadHeaders.Apply(Response);
        return File(json, "application/json", $"cnc-personal-data-{id:N}-{KoreaTime.ToKst(now):yyyyMMdd}.json");
    }

    public Task<IActionResult> OnPostEraseAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "AdminUsers.Erased", () => erasure.EraseAsync(User.ActorOf(), id, Reason, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "AdminUsers.RoleChanged", () => administration.ChangeRoleAsync(User.ActorOf(), id, Role, OrganizationCode, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "AdminUsers.Deactivated", () => administration.DeactivateAsync(User.ActorOf(), id, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "AdminUsers.Reactivated", () => administration.ReactivateAsync(User.ActorOf(), id, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "AdminUsers.TwoFactorReset", () => administration.ResetTwoFactorAsync(User.ActorOf(), id, cancellationToken), cancellationToken);

    private async Task<IActionResult> RunAsync(Guid id, string done, Func<Task<ServiceResult<Guid>>> action, CancellationToken cancellationToken)
    {
        if (await administration.GetAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var result = await action();
        if (result.Succeeded)
        {
            TempData["Status"] = done;
            return RedirectToPage(new { id });
        }

        ModelState.AddFieldErrors(result.Errors, l, prefix: "");
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var account = await administration.GetAsync(id, cancellationToken);
        if (account is null)
        {
            return false;
        }

        Account = account;
        Organizations = await reference.GetOrganizationsAsync(cancellationToken);
        return true;
    }
}
