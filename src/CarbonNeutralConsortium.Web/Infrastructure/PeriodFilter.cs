using System.Globalization;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// The "from" and "to" days (yyyy-MM-dd, KST, inclusive) of a log viewer's filter: a day that is not a date between
/// 2000 and 2100, or a "to" before the "from", gets a message next to its field and is left out of the filter.
/// </summary>
public static class PeriodFilter
{
    public static (DateOnly? From, DateOnly? To) Parse(string? from, string? to, ModelStateDictionary modelState, IStringLocalizer<SharedResource> l)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(l);
        DateOnly? Day(string? value, string key)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100)
            {
                return day;
            }

            modelState.AddModelError(key, l["AdminAudit.Error.Date"]);
            return null;
        }

        var first = Day(from, "from");
        var last = Day(to, "to");
        if (first is not null && last is not null && last < first)
        {
            modelState.AddModelError("to", l["AdminAudit.Error.Order"]);
            last = null;
        }

        return (first, last);
    }
}
