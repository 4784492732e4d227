using System.Globalization;
using System.Security.Claims;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Dashboards;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Reports;

/// <summary>
/// The reports' query string: months from and to (yyyy-MM, KST), sector and institute. <see cref="Resolve"/> checks
/// it (a bad value is a localized error on its field and the default is used instead) and scopes it: a coordinator
/// always sees their own institute, whatever the address says.
/// </summary>
public sealed class ReportFilterQuery
{
    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    [FromQuery(Name = "sector")]
    public string? Sector { get; set; }

    [FromQuery(Name = "institute")]
    public string? Institute { get; set; }

    public static bool TryParseMonth(string? value, out DateOnly month)
    {
        month = default;
        if (value is null || value.Length != 7 ||
            !DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ||
            day.Year < 2000 || day.Year > 2100)
        {
            return false;
        }

        month = day;
        return true;
    }

    public static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The filter to read with: checked, defaulted (the last twelve months) and scoped to the caller.</summary>
    public DashboardFilter Resolve(ClaimsPrincipal user, ReferenceSnapshot reference, DateOnly today, ModelStateDictionary errors, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(l);
        var defaults = DashboardFilter.LastTwelveMonths(today);
        var from = defaults.From;
        var to = defaults.To;
        if (!string.IsNullOrEmpty(From) && !TryParseMonth(From, out from))
        {
            errors.AddModelError("from", l["Reports.Error.Month"]);
            from = defaults.From;
        }

        if (!string.IsNullOrEmpty(To) && !TryParseMonth(To, out to))
        {
            errors.AddModelError("to", l["Reports.Error.Month"]);
            to = defaults.To;
        }

        if (from > to)
        {
            errors.AddModelError("to", l["Reports.Error.Order"]);
            (from, to) = (defaults.From, defaults.To);
        }
        else if ((to.Year - from.Year) * 12 + to.Month - from.Month + 1 > DashboardFilter.MaxMonths)
        {
            errors.AddModelError("from", l["Reports.Error.Range", DashboardFilter.MaxMonths]);
            (from, to) = (defaults.From, defaults.To);
        }

        string? sector = null;
        if (!string.IsNullOrEmpty(Sector))
        {
            if (reference.IsSector(Sector))
            {
                sector = Sector;
            }
            else
            {
                errors.AddModelError("sector", l["Reports.Error.Sector"]);
            }
        }

        string? institute = null;
        if (IsCoordinator(user))
        {
            institute = user.OrganizationOf();
        }
        else if (!string.IsNullOrEmpty(Institute))
        {
            if (reference.Institutes.Any(i => i.Code == Institute))
            {
                institute = Institute;
            }
            else
            {
                errors.AddModelError("institute", l["Reports.Error.Institute"]);
            }
        }

        return new DashboardFilter(from, to, sector, institute);
    }

    /// <summary>A coordinator (not also an admin) sees only their institute's figures.</summary>
    public static bool IsCoordinator(ClaimsPrincipal user) =>
        user is not null && !user.IsInRole(PortalRoles.ConsortiumAdmin) && user.IsInRole(PortalRoles.InstituteCoordinator);

    /// <summary>The route values of a resolved filter (for links to the lists, the exports and the other reports).</summary>
    public static Dictionary<string, string> RouteValues(DashboardFilter filter, string? figure = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var values = new Dictionary<string, string>
        {
            ["from"] = MonthText(filter.From),
            ["to"] = MonthText(filter.To),
        };
        if (filter.Sector is not null)
        {
            values["sector"] = filter.Sector;
        }

        if (filter.Institute is not null)
        {
            values["institute"] = filter.Institute;
        }

        if (figure is not null)
        {
            values["figure"] = figure;
        }

        return values;
    }

    /// <summary>The filters applied, as label/value pairs in the reader's language (exports name them).</summary>
    public static IReadOnlyList<(string Label, string Value)> Describe(DashboardFilter filter, ReferenceSnapshot reference, IStringLocalizer l, string? figure = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(l);
        var all = l["Reports.All"].Value;
        var list = new List<(string, string)>
        {
            (l["Reports.Filter.From"], MonthText(filter.From)),
            (l["Reports.Filter.To"], MonthText(filter.To)),
            (l["Reports.Filter.Sector"], filter.Sector is null ? all : reference.Sector(filter.Sector).LocalName()),
            (l["Reports.Filter.Institute"], filter.Institute is null ? all : reference.Organization(filter.Institute).LocalName()),
        };
        if (figure is not null)
        {
            list.Add((l["Reports.Filter.Figure"], figure));
        }

        return list;
    }
}

/// <summary>The model of the _ReportFilter partial.</summary>
public sealed record ReportFilterForm(
    DashboardFilter Filter, ReferenceSnapshot Reference, bool InstituteScoped, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary State, string? Figure = null);
