using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// The notifications link of the navigation with the signed-in person's unread count. A page whose own query already
/// counted them (<see cref="Provide"/>: the hot pages fold the count into their first round trip) costs nothing more;
/// on any other page it is one indexed count (bounded at <see cref="NotificationQueries.BadgeCap"/>).
/// </summary>
public sealed class UnreadNotificationsViewComponent(NotificationQueries notifications) : ViewComponent
{
    private const string ItemKey = "cnc:unread-notifications";

    /// <summary>Hands the layout the viewer's unread count the page read with its own query (null: the page did not count).</summary>
    public static void Provide(HttpContext context, int? unread)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (unread is { } count)
        {
            context.Items[ItemKey] = count;
        }
    }

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (HttpContext.Items.TryGetValue(ItemKey, out var provided) && provided is int known)
        {
            return View(known);
        }

        var userId = UserClaimsPrincipal.UserIdOf();
        var unread = userId is { } id ? await notifications.UnreadCountAsync(id, HttpContext.RequestAborted) : 0;
        return View(unread);
    }
}
