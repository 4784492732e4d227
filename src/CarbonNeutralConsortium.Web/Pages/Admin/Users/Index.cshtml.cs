using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Users;

public sealed class IndexModel(UserQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public UserPage Users { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Role is not null && !PortalRoles.All.Contains(Role))
        {
            Role = null;
        }

        Users = await queries.ListAsync(Role, Math.Clamp(PageNumber, 1, 100_000), cancellationToken);
    }
}
