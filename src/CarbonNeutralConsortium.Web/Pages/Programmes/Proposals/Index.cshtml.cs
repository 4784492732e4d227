using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Proposals;

/// <summary>Policy proposals (staff): filters by review status, target and text; paged.</summary>
public sealed class IndexModel(KnowledgeService knowledge, ReferenceDataCache reference) : PageModel
{
    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "target")]
    public string? Target { get; set; }

    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "p")]
    public int P { get; set; } = 1;

    public BoundedPage<ProposalRow> Proposals { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var status = ProgrammeForms.Enum<ProposalReviewStatus>(Status);
        var target = ProgrammeForms.Enum<PolicyTarget>(Target);
        Status = status?.ToString();
        Target = target?.ToString();
        Q = ProgrammeForms.Search(Q);
        Reference = await reference.GetAsync(cancellationToken);
        Proposals = await knowledge.ListProposalsAsync(status, target, Q, Math.Clamp(P, 1, KnowledgeService.MaxPage), User.UserIdOf(), cancellationToken);
        UnreadNotificationsViewComponent.Provide(HttpContext, Proposals.UnreadNotifications);
    }

    public string PageHref(int page) => Url.Page("./Index", ProgrammeForms.Route(page, ("status", Status), ("target", Target), ("q", Q)))!;
}
