using System.Globalization;
using CarbonNeutralConsortium.Services.Privacy;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.PersonalData;

/// <summary>
/// The access log of personal data: which staff member looked at whose personal data, when, on which page, newest
/// first, 50 a page; filtered by a subject (a user, company or event id), a viewer, a purpose and a period (KST days).
/// </summary>
public sealed class IndexModel(PersonalDataAccessLog log, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "subject")]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true, Name = "viewer")]
    public string? Viewer { get; set; }

    [BindProperty(SupportsGet = true, Name = "purpose")]
    public string? Purpose { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PersonalDataViewPage Views { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var filter = Resolve();
        Views = await log.ListAsync(filter, Math.Clamp(PageNumber, 1, 1_000_000), cancellationToken);
    }

    public Dictionary<string, string> Route(int? page = null)
    {
        var values = new Dictionary<string, string>();
        foreach (var (key, value) in new[] { ("subject", Subject), ("viewer", Viewer), ("purpose", Purpose), ("from", From), ("to", To) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        if (page is > 1)
        {
            values["p"] = page.Value.ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }

    private PersonalDataViewFilter Resolve()
    {
        Guid? Id(string? value, string key)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (Guid.TryParse(value.Trim(), out var id))
            {
                return id;
            }

            ModelState.AddModelError(key, l["PersonalData.Error.Id"]);
            return null;
        }

        var (from, to) = PeriodFilter.Parse(From, To, ModelState, l);

        var purpose = Purpose is not null && PersonalDataPurposes.All.Contains(Purpose) ? Purpose : null;
        return new PersonalDataViewFilter(Id(Viewer, "viewer"), Id(Subject, "subject"), purpose, from, to);
    }
}
