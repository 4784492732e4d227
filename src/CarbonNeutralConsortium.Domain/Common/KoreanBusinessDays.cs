namespace CarbonNeutralConsortium.Domain.Common;

/// <summary>
/// Business days in Korea Standard Time: Monday to Friday, except the public holidays (공휴일) listed below. The
/// coordinator queue measures how long a request has waited with it.
/// <para>
/// "Business days between two instants" counts the business days after the day (KST) of the first instant, up to and
/// including the day of the second: a request that came in on a Friday has waited 1 business day on the Monday,
/// whatever the hour, and 0 on the day it came in. Outside the listed years only weekends are excluded.
/// </para>
/// </summary>
public static class KoreanBusinessDays
{
    /// <summary>The first and last day the holiday list covers.</summary>
    public static readonly DateOnly ListedFrom = new(2025, 1, 1);

    public static readonly DateOnly ListedTo = new(2028, 12, 31);

    /// <summary>
    /// Public holidays (관공서의 공휴일에 관한 규정) on weekdays and weekends, with substitute holidays (대체공휴일: for
    /// 설날 and 추석 when a day falls on a Sunday or on another holiday; for 삼일절, 어린이날, 부처님오신날, 광복절,
    /// 개천절, 한글날 and 성탄절 when the day falls on a Saturday, a Sunday or another holiday) and the election days and
    /// temporary holidays already designated. Lunar holidays (설날, 부처님오신날, 추석) are given by their solar dates in
    /// Korea (the Korean lunar calendar, which in 2027 puts 설날 a day after the Chinese new year). Not included: 근로자의
    /// 날 (May 1, a paid day off for employees but not a public holiday) and holidays not designated at the time of
    /// writing; add a designated temporary holiday here when it is announced.
    /// </summary>
    private static readonly HashSet<DateOnly> Holidays =
    [
        // 2025
        new(2025, 1, 1),   // 신정
        new(2025, 1, 27),  // 임시공휴일 (designated for the 설날 weekend)
        new(2025, 1, 28),  // 설날 연휴
        new(2025, 1, 29),  // 설날
        new(2025, 1, 30),  // 설날 연휴
        new(2025, 3, 1),   // 삼일절 (Saturday)
        new(2025, 3, 3),   // 삼일절 대체공휴일
        new(2025, 5, 5),   // 어린이날 and 부처님오신날 on the same day
        new(2025, 5, 6),   // 대체공휴일 (어린이날 and 부처님오신날 coincide)
        new(2025, 6, 3),   // 제21대 대통령 선거일
        new(2025, 6, 6),   // 현충일
        new(2025, 8, 15),  // 광복절
        new(2025, 10, 3),  // 개천절
        new(2025, 10, 5),  // 추석 연휴 (Sunday)
        new(2025, 10, 6),  // 추석
        new(2025, 10, 7),  // 추석 연휴
        new(2025, 10, 8),  // 추석 대체공휴일 (10/5 is a Sunday)
        new(2025, 10, 9),  // 한글날
        new(2025, 12, 25), // 성탄절

        // 2026
        new(2026, 1, 1),   // 신정
        new(2026, 2, 16),  // 설날 연휴
        new(2026, 2, 17),  // 설날
        new(2026, 2, 18),  // 설날 연휴
        new(2026, 3, 1),   // 삼일절 (Sunday)
        new(2026, 3, 2),   // 삼일절 대체공휴일
        new(2026, 5, 5),   // 어린이날
        new(2026, 5, 24),  // 부처님오신날 (Sunday)
        new(2026, 5, 25),  // 부처님오신날 대체공휴일
        new(2026, 6, 3),   // 제9회 전국동시지방선거일
        new(2026, 6, 6),   // 현충일 (Saturday; no substitute for 현충일)
        new(2026, 8, 15),  // 광복절 (Saturday)
        new(2026, 8, 17),  // 광복절 대체공휴일
        new(2026, 9, 24),  // 추석 연휴
        new(2026, 9, 25),  // 추석
        new(2026, 9, 26),  // 추석 연휴 (Saturday; 추석 has a substitute only for a Sunday)
        new(2026, 10, 3),  // 개천절 (Saturday)
        new(2026, 10, 5),  // 개천절 대체공휴일
        new(2026, 10, 9),  // 한글날
        new(2026, 12, 25), // 성탄절

        // 2027
        new(2027, 1, 1),   // 신정
        new(2027, 2, 6),   // 설날 연휴 (Saturday)
        new(2027, 2, 7),   // 설날 (Sunday)
        new(2027, 2, 8),   // 설날 연휴
        new(2027, 2, 9),   // 설날 대체공휴일 (2/7 is a Sunday)
        new(2027, 3, 1),   // 삼일절
        new(2027, 5, 5),   // 어린이날
        new(2027, 5, 13),  // 부처님오신날
        new(2027, 6, 6),   // 현충일 (Sunday; no substitute)
        new(2027, 8, 15),  // 광복절 (Sunday)
        new(2027, 8, 16),  // 광복절 대체공휴일
        new(2027, 9, 14),  // 추석 연휴
        new(2027, 9, 15),  // 추석
        new(2027, 9, 16),  // 추석 연휴
        new(2027, 10, 3),  // 개천절 (Sunday)
        new(2027, 10, 4),  // 개천절 대체공휴일
        new(2027, 10, 9),  // 한글날 (Saturday)
        new(2027, 10, 11), // 한글날 대체공휴일
        new(2027, 12, 25), // 성탄절 (Saturday)
        new(2027, 12, 27), // 성탄절 대체공휴일

        // 2028
        new(2028, 1, 1),   // 신정 (Saturday; no substitute for 신정)
        new(2028, 1, 25),  // 설날 연휴
        new(2028, 1, 26),  // 설날
        new(2028, 1, 27),  // 설날 연휴
        new(2028, 3, 1),   // 삼일절
        new(2028, 4, 12),  // 제23대 국회의원 선거일
        new(2028, 5, 2),   // 부처님오신날
        new(2028, 5, 5),   // 어린이날
        new(2028, 6, 6),   // 현충일
        new(2028, 8, 15),  // 광복절
        new(2028, 10, 2),  // 추석 연휴
        new(2028, 10, 3),  // 추석 and 개천절 on the same day
        new(2028, 10, 4),  // 추석 연휴
        new(2028, 10, 5),  // 대체공휴일 (추석 and 개천절 coincide)
        new(2028, 10, 9),  // 한글날
        new(2028, 12, 25), // 성탄절
    ];

    /// <summary>True for a listed public holiday (weekends are not listed unless a holiday falls on them).</summary>
    public static bool IsHoliday(DateOnly day) => Holidays.Contains(day);

    public static bool IsBusinessDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.Contains(day);

    /// <summary>The business days after <paramref name="from"/>'s day up to and including <paramref name="to"/>'s day, in KST; 0 when to is not later.</summary>
    public static int Between(DateTimeOffset from, DateTimeOffset to) => Between(KstDay(from), KstDay(to));

    /// <summary>The business days d with <paramref name="from"/> &lt; d ≤ <paramref name="to"/>; 0 when to is not after from.</summary>
    public static int Between(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            return 0;
        }

        // Whole weeks count 5 weekdays each; the rest is walked (at most 6 days), then the listed weekday holidays go.
        var days = to.DayNumber - from.DayNumber;
        var weekdays = days / 7 * 5;
        for (var day = from.AddDays(days / 7 * 7 + 1); day <= to; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                weekdays++;
            }
        }

        var holidays = 0;
        foreach (var holiday in Holidays)
        {
            if (holiday > from && holiday <= to && holiday.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                holidays++;
            }
        }

        return weekdays - holidays;
    }

    /// <summary>
    /// The <paramref name="count"/>-th business day counting back from <paramref name="today"/> (today itself counts when
    /// it is one). Anything that started before that day (KST) has waited at least <paramref name="count"/> business
    /// days today: the queue's "waiting ≥ n" filter compares with the start of this day.
    /// </summary>
    public static DateOnly NthBusinessDayBack(DateOnly today, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var day = today;
        var found = 0;
        while (true)
        {
            if (IsBusinessDay(day) && ++found == count)
            {
                return day;
            }

            day = day.AddDays(-1);
        }
    }

    /// <summary>Midnight KST at the start of <paramref name="day"/>, as an instant.</summary>
    public static DateTimeOffset StartOfDayKst(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, KoreaTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static DateOnly KstDay(DateTimeOffset instant) => DateOnly.FromDateTime(KoreaTime.ToKst(instant).DateTime);
}
