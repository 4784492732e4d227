using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Services.Privacy;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Users;

/// <summary>Every account, newest first, filtered by role, organization, state and part of a name or e-mail address; exportable.</summary>
public sealed class IndexModel(UserQueries queries, ReferenceDataCache references, PersonalDataAccessLog accessLog, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true, Name = "org")]
    public string? Organization { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public UserPage Users { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var filter = await ResolveAsync(cancellationToken);
        Users = await queries.ListAsync(filter, Math.Clamp(PageNumber, 1, 100_000), null, cancellationToken);
        await accessLog.RecordAsync(User.ActorOf(), PersonalDataPurposes.UserList, "User", Guid.Empty, Users.Rows.Count, cancellationToken);
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        if (!TableExport.TryParse(format, out var kind))
        {
            return BadRequest();
        }

        var filter = await ResolveAsync(cancellationToken);
        var all = await queries.ListAsync(filter, 1, TableExport.MaxRows, cancellationToken);
        await accessLog.RecordAsync(User.ActorOf(), PersonalDataPurposes.UserExport, "User", Guid.Empty, all.Rows.Count, cancellationToken);
        string[] headers = [l["Field.DisplayName"], l["Field.Email"], l["Field.Role"], l["AdminUsers.Affiliation"], l["AdminUsers.State"], l["AdminUsers.CreatedAt"]];
        var rows = all.Rows.Select(u => (IReadOnlyList<object?>)
            [u.DisplayName, u.Email, u.Role is null ? null : l["Role." + u.Role].Value, Affiliation(u), u.IsActive ? l["AdminUsers.Active"].Value : l["AdminUsers.Inactive"].Value, u.CreatedAt]);
        var filters = new List<(string, string)>
        {
            (l["Field.Role"], Role is null ? l["AdminUsers.AllRoles"] : l["Role." + Role]),
            (l["AdminUsers.Affiliation"], Organization is null ? l["Reports.All"] : Reference.Organization(Organization).LocalName()),
            (l["AdminUsers.State"], State switch { "active" => l["AdminUsers.Active"], "inactive" => l["AdminUsers.Inactive"], _ => l["Reports.All"] }),
            (l["AdminUsers.Search"], Query ?? ""),
        };
        await TableExport.WriteAsync(Response, "users", kind, KoreaTime.Today(clock), l["Reports.Filters"], filters,
            [new ExportTable(l["AdminUsers.Title"], headers, rows)], cancellationToken);
        return new EmptyResult();
    }

    public string Affiliation(UserRow user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.OrganizationCode is { } code ? Reference.Organization(code).LocalName() : user.CompanyNameKo ?? "—";
    }

    public Dictionary<string, string> Route(int? page = null)
    {
        var values = new Dictionary<string, string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        Add("role", Role);
        Add("org", Organization);
        Add("state", State);
        Add("q", Query);
        if (page is > 1)
        {
            values["p"] = page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    private async Task<UserFilter> ResolveAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        if (Role is not null && !PortalRoles.All.Contains(Role))
        {
            Role = null;
        }

        if (Organization is not null && Reference.Organizations.All(o => o.Code != Organization))
        {
            Organization = null;
        }

        if (State is not (null or "active" or "inactive"))
        {
            State = null;
        }

        Query = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim()[..Math.Min(Query.Trim().Length, 100)];
        return new UserFilter(Role, Organization, State switch { "active" => true, "inactive" => false, _ => null }, Query);
    }
}
