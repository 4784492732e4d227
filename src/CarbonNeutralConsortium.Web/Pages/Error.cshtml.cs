using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages;

/// <summary>
/// The error page: /Error after an unhandled exception, /Error/{code} re-executed for a status code (404, 403,
/// 400, ...). Re-execution keeps the original method, so POST renders the same page; nothing is read from the form.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; } = 500;

    public string? RequestId { get; private set; }

    public void OnGet([FromRoute] int? code) => Set(code);

    public void OnPost([FromRoute] int? code) => Set(code);

    private void Set(int? code)
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        // After an unhandled exception the exception handler has already chosen the status (503 for a database outage).
        var handled = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null && Response.StatusCode >= 500 ? Response.StatusCode : (int?)null;
        Code = reExecuted?.OriginalStatusCode ?? handled ?? code ?? StatusCodes.Status500InternalServerError;
        if (Code is < 400 or > 599)
        {
            Code = StatusCodes.Status404NotFound;
        }

        Response.StatusCode = Code;
        if (Code == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = Infrastructure.TransientFaultRetry.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
