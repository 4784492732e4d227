using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Practices;

/// <summary>Best practices: every signed-in user reads the published ones; staff also see drafts and write them.</summary>
public sealed class IndexModel(KnowledgeService knowledge, ReferenceDataCache reference) : PageModel
{
    [FromQuery(Name = "sector")]
    public string? Sector { get; set; }

    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "p")]
    public int P { get; set; } = 1;

    public BoundedPage<PracticeRow> Practices { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool IsStaff { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sector = ProgrammeForms.Code(Sector);
        Q = ProgrammeForms.Search(Q);
        IsStaff = ProgrammeAccess.IsStaff(User.ActorOf());
        Reference = await reference.GetAsync(cancellationToken);
        Practices = await knowledge.ListPracticesAsync(IsStaff, Sector, Q, Math.Clamp(P, 1, KnowledgeService.MaxPage), User.UserIdOf(), cancellationToken);
        UnreadNotificationsViewComponent.Provide(HttpContext, Practices.UnreadNotifications);
    }

    public string PageHref(int page) => Url.Page("./Index", ProgrammeForms.Route(page, ("sector", Sector), ("q", Q)))!;
}
