using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Standards;

/// <summary>Standards and regulation items (staff): filters by body, status, sector, institute, a deadline within N days and text; paged.</summary>
public sealed class IndexModel(StandardsService standards, ReferenceDataCache reference) : PageModel
{
    [FromQuery(Name = "body")]
    public string? Body { get; set; }

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "sector")]
    public string? Sector { get; set; }

    [FromQuery(Name = "institute")]
    public string? Institute { get; set; }

    [FromQuery(Name = "within")]
    public string? Within { get; set; }

    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "p")]
    public int P { get; set; } = 1;

    public BoundedPage<StandardsRow> Items { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool IsFiltered => Body is not null || Status is not null || Sector is not null || Institute is not null || Within is not null || Q is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var body = ProgrammeForms.Enum<StandardsBody>(Body);
        var status = ProgrammeForms.Enum<StandardStatus>(Status);
        Body = body?.ToString();
        Status = status?.ToString();
        Sector = ProgrammeForms.Code(Sector);
        Institute = ProgrammeForms.Code(Institute);
        int? within = int.TryParse(Within, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days)
            ? Math.Clamp(days, 0, StandardsService.MaxDeadlineDays) : null;
        Within = within?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Q = ProgrammeForms.Search(Q);
        Reference = await reference.GetAsync(cancellationToken);
        Items = await standards.ListAsync(new StandardsFilter(body, status, Sector, Institute, within, Q, Math.Clamp(P, 1, StandardsService.MaxPage)),
            User.UserIdOf(), cancellationToken);
        UnreadNotificationsViewComponent.Provide(HttpContext, Items.UnreadNotifications);
    }

    public string PageHref(int page) => Url.Page("./Index", ProgrammeForms.Route(page, ("body", Body), ("status", Status), ("sector", Sector),
        ("institute", Institute), ("within", Within), ("q", Q)))!;
}
