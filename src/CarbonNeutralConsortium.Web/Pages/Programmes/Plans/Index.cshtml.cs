using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Plans;

/// <summary>Joint R&amp;D plans (staff): filters by stage, institute (lead or contributor), sector and text; 25 a page, latest change first.</summary>
public sealed class IndexModel(PlanService plans, ReferenceDataCache reference) : PageModel
{
    [FromQuery(Name = "stage")]
    public string? Stage { get; set; }

    [FromQuery(Name = "institute")]
    public string? Institute { get; set; }

    [FromQuery(Name = "sector")]
    public string? Sector { get; set; }

    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "p")]
    public int P { get; set; } = 1;

    public BoundedPage<PlanRow> Plans { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool IsFiltered => Stage is not null || Institute is not null || Sector is not null || Q is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var stage = ProgrammeForms.Enum<PlanStage>(Stage);
        Stage = stage?.ToString();
        Institute = ProgrammeForms.Code(Institute);
        Sector = ProgrammeForms.Code(Sector);
        Q = ProgrammeForms.Search(Q);
        Reference = await reference.GetAsync(cancellationToken);
        Plans = await plans.ListAsync(new PlanFilter(stage, Institute, Sector, Q, Math.Clamp(P, 1, PlanService.MaxPage)), User.UserIdOf(), cancellationToken);
        UnreadNotificationsViewComponent.Provide(HttpContext, Plans.UnreadNotifications);
    }

    public string PageHref(int page) => Url.Page("./Index", ProgrammeForms.Route(page, ("stage", Stage), ("institute", Institute), ("sector", Sector), ("q", Q)))!;
}
