using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>How dates are shown: always Korea Standard Time, with the zone named.</summary>
public static class Display
{
    public static string Kst(DateTimeOffset instant) =>
        KoreaTime.ToKst(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " KST";

    public static string KstDate(DateTimeOffset instant) =>
        KoreaTime.ToKst(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
