using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// A request that names a handler the page does not have (?handler=Nope), or a POST to a page with no POST
/// handler, is a 404. Razor Pages would otherwise render the page without running any handler, with an empty model
/// (a NullReferenceException and a 500 on pages that load their model in a handler; found by the security scan).
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null
            && (HttpMethods.IsPost(context.HttpContext.Request.Method) || !string.IsNullOrEmpty(context.RouteData.Values["handler"] as string ?? context.HttpContext.Request.Query["handler"])))
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }

        return next();
    }
}
