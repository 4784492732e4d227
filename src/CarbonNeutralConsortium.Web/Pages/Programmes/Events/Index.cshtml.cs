using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events;

/// <summary>The public list of seminars and workshops (upcoming or past), with filters; a signed-in person also sees their own registrations.</summary>
public sealed class IndexModel(EventQueries queries, ReferenceDataCache references) : PageModel
{
    [FromQuery(Name = "topic")]
    public string? Topic { get; set; }

    [FromQuery(Name = "format")]
    public string? Format { get; set; }

    [FromQuery(Name = "when")]
    public string? When { get; set; }

    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public EventPage Events { get; private set; } = null!;

    public IReadOnlyList<MyEventRow> Mine { get; private set; } = [];

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool IsPast => When == "past";

    public bool CanManage => User.IsInRole(Domain.Common.PortalRoles.ConsortiumAdmin) || User.IsInRole(Domain.Common.PortalRoles.InstituteCoordinator);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);

        // Unknown or hostile filter values are ignored (a filter is a link, not a form to correct).
        Topic = Topic is { Length: <= 64 } t && Reference.IsTechnology(t) ? t : null;
        EventFormat? format = Enum.TryParse<EventFormat>(Format, ignoreCase: false, out var f) && Enum.IsDefined(f) ? f : null;
        Format = format?.ToString();
        Q = Q is { Length: <= 100 } q && PlainText.IsPlain(q, multiline: false) && !string.IsNullOrWhiteSpace(q) ? q.Trim() : null;
        IReadOnlyList<string>? topics = Topic is null ? null
            : [Topic, .. Reference.Technologies.Where(x => x.ParentCode == Topic).Select(x => x.Code)];
        Events = await queries.PublicListAsync(new EventListFilter(topics, format, IsPast, Q, PageNumber), cancellationToken);
        if (User.UserIdOf() is { } userId)
        {
            Mine = await queries.MyUpcomingAsync(userId, cancellationToken);
        }
    }

    public Dictionary<string, string> RouteFor(int page)
    {
        var values = new Dictionary<string, string>();
        if (Topic is not null) values["topic"] = Topic;
        if (Format is not null) values["format"] = Format;
        if (IsPast) values["when"] = "past";
        if (Q is not null) values["q"] = Q;
        values["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }
}
