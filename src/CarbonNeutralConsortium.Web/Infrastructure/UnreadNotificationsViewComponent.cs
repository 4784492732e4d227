using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>The notifications link of the navigation with the signed-in person's unread count (one indexed count query).</summary>
public sealed class UnreadNotificationsViewComponent(NotificationQueries notifications) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.UserIdOf();
        var unread = userId is { } id ? await notifications.UnreadCountAsync(id, HttpContext.RequestAborted) : 0;
        return View(unread);
    }
}
