using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Logs the refusals that pages decide themselves, with a reason code: a resource the user may not reach (pages
/// answer 404 for another company's or another institute's record, exactly as for one that does not exist, so the
/// log cannot tell them apart either: "resource_not_found_or_denied"), a 403 of a resource check, and a form whose
/// antiforgery token is missing or invalid. The user's id and the path only: never a form value.
/// </summary>
public sealed partial class AuthorizationFailureLogging : IAsyncAlwaysRunResultFilter
{
    public Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var reason = context.Result switch
        {
            IAntiforgeryValidationFailedResult => "antiforgery_invalid",
            ForbidResult => "resource_forbidden",
            StatusCodeResult { StatusCode: StatusCodes.Status403Forbidden } => "resource_forbidden",
            NotFoundResult or NotFoundObjectResult when context.HttpContext.User.Identity?.IsAuthenticated == true => "resource_not_found_or_denied",
            _ => null,
        };
        if (reason is not null)
        {
            LogRefused(PortalSecurity.LoggerOf(context.HttpContext), reason, context.HttpContext.Request.Method, context.HttpContext.Request.Path, context.HttpContext.User.UserIdOf());
        }

        return next();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorization failed: {Reason} for {Method} {Path} (user {UserId})")]
    private static partial void LogRefused(ILogger logger, string reason, string method, string path, Guid? userId);
}
