namespace CarbonNeutralConsortium.Domain.Common;

/// <summary>Korea Standard Time (UTC+9, no daylight saving). Every date shown to a user goes through here.</summary>
public static class KoreaTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset ToKst(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToKst(clock.GetUtcNow()).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        }
        catch (TimeZoneNotFoundException)
        {
            // Machines without tzdata: KST has had no daylight saving since 1988, a fixed offset is exact.
            return TimeZoneInfo.CreateCustomTimeZone("KST", TimeSpan.FromHours(9), "Korea Standard Time", "Korea Standard Time");
        }
    }
}
