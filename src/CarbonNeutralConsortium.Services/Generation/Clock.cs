using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// Instants as PostgreSQL stores them: microseconds since 2000-01-01 00:00 UTC (what binary COPY sends for
/// timestamptz), and days as PostgreSQL dates (days since 2000-01-01). Korean days (KST, UTC+9) and business days.
/// </summary>
internal static class Pg
{
    public const long Second = 1_000_000;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;
    public const long KstOffset = 9 * Hour;

    /// <summary>2000-01-01 00:00 UTC in Unix milliseconds.</summary>
    public const long EpochUnixMs = 946_684_800_000;

    private static readonly int EpochDayNumber = new DateOnly(2000, 1, 1).DayNumber;

    public static int DayOf(DateOnly date) => date.DayNumber - EpochDayNumber;

    public static DateOnly DateOf(int day) => DateOnly.FromDayNumber(day + EpochDayNumber);

    /// <summary>The Korean day (a PostgreSQL date) of an instant.</summary>
    public static int KstDay(long instant) => (int)Math.Floor((instant + KstOffset) / (double)Day);

    /// <summary>Midnight KST at the start of a Korean day.</summary>
    public static long StartOfKstDay(int day) => (day * Day) - KstOffset;
}

/// <summary>
/// Which Korean days are business days (weekends and the public holidays of <see cref="KoreanBusinessDays"/>), as a
/// table over the days a run can touch, and the moves the simulation makes: n business days later, a time in office
/// hours, a time in the evening.
/// </summary>
internal sealed class WorkCalendar
{
    private readonly int _firstDay;
    private readonly bool[] _business;

    public WorkCalendar(int firstDay, int lastDay)
    {
        _firstDay = firstDay;
        _business = new bool[lastDay - firstDay + 1];
        for (var i = 0; i < _business.Length; i++)
        {
            _business[i] = KoreanBusinessDays.IsBusinessDay(Pg.DateOf(firstDay + i));
        }
    }

    public bool IsBusinessDay(int day)
    {
        var i = day - _firstDay;
        return i < 0 || i >= _business.Length ? KoreanBusinessDays.IsBusinessDay(Pg.DateOf(day)) : _business[i];
    }

    /// <summary>An instant at office hours (09:00–18:00 KST) on the n-th business day after the day of <paramref name="from"/> (0: the same day if it is one and it is still early).</summary>
    public long AfterBusinessDays(long from, int days, ref Rng rng)
    {
        var day = Pg.KstDay(from);
        if (days == 0 && IsBusinessDay(day))
        {
            var start = Math.Max(from + (15 * Pg.Minute), Pg.StartOfKstDay(day) + (9 * Pg.Hour));
            var end = Pg.StartOfKstDay(day) + (18 * Pg.Hour);
            if (start < end)
            {
                return start + rng.RangeLong(0, end - start);
            }

            days = 1;
        }

        var moved = 0;
        while (moved < Math.Max(days, 1))
        {
            day++;
            if (IsBusinessDay(day))
            {
                moved++;
            }
        }

        return Pg.StartOfKstDay(day) + OfficeTime(ref rng);
    }

    /// <summary>An instant on the n-th calendar day after <paramref name="from"/>, at a time a person at a company works (08:00–23:00 KST, mostly office hours).</summary>
    public static long AfterDays(long from, int days, ref Rng rng)
    {
        if (days <= 0)
        {
            return from + rng.RangeLong(5 * Pg.Minute, 4 * Pg.Hour);
        }

        var day = Pg.KstDay(from) + days;
        var time = rng.Chance(0.8) ? OfficeTime(ref rng) : (8 * Pg.Hour) + rng.RangeLong(0, 15 * Pg.Hour);
        return Pg.StartOfKstDay(day) + time;
    }

    /// <summary>09:00–18:00 with a dip at lunch.</summary>
    public static long OfficeTime(ref Rng rng)
    {
        var minute = rng.Range(0, 9 * 60 - 1);
        if (minute is >= 180 and < 240 && rng.Chance(0.6))
        {
            minute = rng.Range(240, 9 * 60 - 1);
        }

        return (9 * Pg.Hour) + (minute * Pg.Minute) + rng.RangeLong(0, Pg.Minute - 1);
    }
}

/// <summary>
/// Time-ordered UUIDs (version 7 layout: 48-bit Unix milliseconds, version nibble, random bits, RFC variant) whose
/// "random" bits come from the seeded generator: deterministic, unique in practice (74 random bits), and sorted by
/// time, so a B-tree over them is built from nearly ordered keys.
/// </summary>
internal readonly record struct Uid(ulong Hi, ulong Lo)
{
    public static Uid V7(long instant, ref Rng rng)
    {
        var ms = (ulong)(Pg.EpochUnixMs + Math.Max(0, instant / 1000));
        var a = rng.NextU64();
        var b = rng.NextU64();
        return new Uid((ms << 16) | 0x7000UL | (a & 0x0FFFUL), (b & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL);
    }

    /// <summary>A random (version 4 layout) UUID from the seeded generator.</summary>
    public static Uid V4(ref Rng rng)
    {
        var a = rng.NextU64();
        var b = rng.NextU64();
        return new Uid((a & 0xFFFF_FFFF_FFFF_0FFFUL) | 0x4000UL, (b & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL);
    }

    public Guid ToGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, Hi);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Lo);
        return new Guid(bytes, bigEndian: true);
    }

    public override string ToString() => ToGuid().ToString();
}
