using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Audit;

/// <summary>The audit log: who did what to which record when, filtered, 50 a page, newest first; exportable. Read-only.</summary>
public sealed class IndexModel(AuditQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "actor")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true, Name = "entity")]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditPage Entries { get; private set; } = null!;

    public IReadOnlyList<string> Actions { get; private set; } = [];

    public IReadOnlyList<string> EntityTypes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var filter = await ResolveAsync(cancellationToken);
        Entries = await queries.ListAsync(filter, Math.Clamp(PageNumber, 1, 1_000_000), null, cancellationToken);
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        if (!TableExport.TryParse(format, out var kind))
        {
            return BadRequest();
        }

        var filter = await ResolveAsync(cancellationToken);
        var all = await queries.ListAsync(filter, 1, TableExport.MaxRows, cancellationToken);
        string[] headers = [l["AdminAudit.At"], l["AdminAudit.Actor"], l["AdminUsers.Affiliation"], l["AdminAudit.Action"], l["AdminAudit.EntityType"], l["AdminAudit.EntityId"], l["AdminAudit.Details"]];
        var rows = all.Rows.Select(e => (IReadOnlyList<object?>)[e.At, e.ActorName, e.ActorOrganizationCode, e.Action, e.EntityType, e.EntityId, e.Details]);
        var filters = new List<(string, string)>
        {
            (l["AdminAudit.From"], filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
            (l["AdminAudit.To"], filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
            (l["AdminAudit.Actor"], filter.Actor ?? ""),
            (l["AdminAudit.Action"], filter.Action ?? ""),
            (l["AdminAudit.EntityType"], filter.EntityType ?? ""),
            (l["AdminAudit.EntityId"], filter.EntityId ?? ""),
        };
        await TableExport.WriteAsync(Response, "audit-log", kind, KoreaTime.Today(clock), l["Reports.Filters"], filters,
            [new ExportTable(l["AdminAudit.Title"], headers, rows)], cancellationToken);
        return new EmptyResult();
    }

    public Dictionary<string, string> Route(int? page = null)
    {
        var values = new Dictionary<string, string>();
        foreach (var (key, value) in new[] { ("from", From), ("to", To), ("actor", Actor), ("action", Action), ("type", EntityType), ("entity", EntityId) })
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

    private async Task<AuditFilter> ResolveAsync(CancellationToken cancellationToken)
    {
        (Actions, EntityTypes) = await queries.GetChoicesAsync(cancellationToken);
        var (from, to) = PeriodFilter.Parse(From, To, ModelState, l);

        string? Bounded(string? value, string key)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (value.Length > 100)
            {
                ModelState.AddModelError(key, l["AdminAudit.Error.Long", 100]);
                return null;
            }

            // Control characters never occur in stored names or ids, and PostgreSQL refuses a NUL in a parameter
            // (found by the security scan, issue 8: "%00" in the filter was a 500).
            var cleaned = string.Concat(value.Where(c => !char.IsControl(c))).Trim();
            return cleaned.Length == 0 ? null : cleaned;
        }

        var action = Action is not null && Actions.Contains(Action) ? Action : null;
        var type = EntityType is not null && EntityTypes.Contains(EntityType) ? EntityType : null;
        return new AuditFilter(from, to, Bounded(Actor, "actor"), action, type, Bounded(EntityId, "entity"));
    }
}
