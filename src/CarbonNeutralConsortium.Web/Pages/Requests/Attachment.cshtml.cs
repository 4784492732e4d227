using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CarbonNeutralConsortium.Web.Infrastructure;

namespace CarbonNeutralConsortium.Web.Pages.Requests;

/// <summary>
/// Downloads an attachment of one of the company's requests (its own files and those sent in its message thread).
/// Always as a download (Content-Disposition: attachment with a UTF-8 filename*), never rendered inline, not
/// sniffed, not cached. Another company's attachment is a 404.
/// </summary>
public sealed class AttachmentModel(AttachmentStore attachments) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        var file = await attachments.GetForCompanyAsync(id, companyId, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        DownloadHeaders.Apply(Response);

        // FileDownloadName makes Content-Disposition "attachment; filename=...; filename*=UTF-8''...".
        return File(file.Data, file.ContentType, file.FileName);
    }
}
