using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>
/// A partner's page: every field, its owner, its matches on requests the viewer may see. Its institute's coordinators and
/// admins may deactivate it (after a confirmation step: ?confirm=deactivate) and reactivate it; anyone else gets 403 on those posts.
/// Round trips: one for the partner, its matches and the badge's unread count; the reverse matching's own (MatchingService).
/// </summary>
public sealed class DetailsModel(PartnerQueries queries, PartnerService partners, MatchingService matching, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string ConfirmDeactivate = "deactivate";

    /// <summary>How many open requests the reverse matching lists.</summary>
    public const int OpenRequestsShown = 10;

    /// <summary>Reverse matching: the open requests (that the viewer may see) this partner fits best.</summary>
    public IReadOnlyList<RequestFit> OpenRequests { get; private set; } = [];

    public PartnerDetailsView Partner { get; private set; } = null!;

    public PartnerReference Reference { get; private set; } = null!;

    /// <summary>The deactivation is asked to be confirmed (the button shows the confirmation instead of acting at once).</summary>
    public bool Confirming { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? confirm, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Confirming = confirm == ConfirmDeactivate && Partner.CanManage && Partner.IsActive;
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(Guid id, uint version, CancellationToken cancellationToken) =>
        SetActiveAsync(id, version, active: false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(Guid id, uint version, CancellationToken cancellationToken) =>
        SetActiveAsync(id, version, active: true, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(Guid id, uint version, bool active, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        var result = active
            ? await partners.ReactivateAsync(id, version, actor, cancellationToken)
            : await partners.DeactivateAsync(id, version, actor, cancellationToken);
        if (result.Has(PartnerResultCodes.NotFound))
        {
            return NotFound();
        }

        if (result.Has(PartnerResultCodes.Forbidden))
        {
            return Forbid();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = active ? "Partners.Reactivated" : "Partners.Deactivated";
            return RedirectToPage("./Details", new { id });
        }

        ModelState.AddFieldErrors(result.Errors, localizer);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Reference = await queries.GetReferenceAsync(cancellationToken);
        var partner = await queries.GetDetailsAsync(id, User.ActorOf(), Reference, cancellationToken);
        if (partner is null)
        {
            return false;
        }

        Partner = partner;
        UnreadNotificationsViewComponent.Provide(HttpContext, partner.UnreadNotifications);
        if (partner.IsActive)
        {
            OpenRequests = await matching.OpenRequestsForPartnerAsync(id, User.ActorOf(), OpenRequestsShown, cancellationToken) ?? [];
        }

        return true;
    }
}
