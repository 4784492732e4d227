using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Notifications;

/// <summary>The signed-in user's notifications, newest first, 30 a page (counts bounded at 1,000: "1,000+"); "mark all as read".</summary>
public sealed class IndexModel(NotificationQueries notifications) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public NotificationPage Notifications { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.UserIdOf() is not { } userId)
        {
            return Challenge();
        }

        // One round trip: the page, its bounded counts and the unread count that the layout's badge shows too.
        Notifications = await notifications.ListAsync(userId, Math.Clamp(PageNumber, 1, NotificationQueries.MaxPage), cancellationToken);
        UnreadNotificationsViewComponent.Provide(HttpContext, Notifications.Unread);
        return Page();
    }

    public async Task<IActionResult> OnPostMarkAllReadAsync(CancellationToken cancellationToken)
    {
        if (User.UserIdOf() is not { } userId)
        {
            return Challenge();
        }

        await notifications.MarkAllReadAsync(userId, cancellationToken);
        TempData["Status"] = "Notifications.AllMarkedRead";
        return RedirectToPage("./Index");
    }
}
