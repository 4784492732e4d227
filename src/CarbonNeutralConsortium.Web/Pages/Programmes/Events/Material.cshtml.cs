using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events;

/// <summary>Downloads an event material (always as an attachment, never rendered inline).</summary>
public sealed class MaterialModel(EventQueries queries) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await queries.MaterialAsync(id, DetailsModel.ActorOrNull(User), cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        DownloadHeaders.Apply(Response);
        return File(file.Data, file.ContentType, file.FileName);
    }
}
