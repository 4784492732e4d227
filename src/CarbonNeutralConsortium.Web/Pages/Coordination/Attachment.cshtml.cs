using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CarbonNeutralConsortium.Web.Infrastructure;

namespace CarbonNeutralConsortium.Web.Pages.Coordination;

/// <summary>
/// Downloads an attachment of a request the coordinator's institute leads or contributes to (the request's own files
/// and those of its messages). As on the company's side: always a download with a UTF-8 filename*, not sniffed, not
/// cached. Any other attachment is a 404.
/// </summary>
public sealed class AttachmentModel(CoordinationService coordination) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await coordination.GetAttachmentAsync(id, User.ActorOf(), cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        DownloadHeaders.Apply(Response);
        return File(file.Data, file.ContentType, file.FileName);
    }
}
