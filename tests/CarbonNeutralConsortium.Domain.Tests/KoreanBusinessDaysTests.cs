using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Tests;

public class KoreanBusinessDaysTests
{
    private static DateTimeOffset Kst(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    [Fact]
    public void The_day_a_request_came_in_counts_zero_and_the_next_weekday_one_whatever_the_hour()
    {
        Assert.Equal(0, KoreanBusinessDays.Between(Kst(2026, 4, 7, 9), Kst(2026, 4, 7, 23, 59)));
        Assert.Equal(1, KoreanBusinessDays.Between(Kst(2026, 4, 7, 23, 59), Kst(2026, 4, 8, 0, 1)));
    }

    [Fact]
    public void A_weekend_does_not_count()
    {
        // Friday 2026-04-10 → Monday 2026-04-13: one business day.
        Assert.Equal(1, KoreanBusinessDays.Between(Kst(2026, 4, 10), Kst(2026, 4, 13)));
        Assert.Equal(0, KoreanBusinessDays.Between(Kst(2026, 4, 10), Kst(2026, 4, 12)));
        Assert.Equal(10, KoreanBusinessDays.Between(Kst(2026, 4, 6), Kst(2026, 4, 20)));
    }

    [Fact]
    public void The_days_are_Korean_days_an_evening_in_UTC_is_already_the_next_morning_in_Seoul()
    {
        // 2026-04-09 16:00 UTC is Friday 2026-04-10 01:00 KST; Monday 13th 00:30 UTC is Monday 09:30 KST.
        var from = new DateTimeOffset(2026, 4, 9, 16, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 4, 13, 0, 30, 0, TimeSpan.Zero);

        Assert.Equal(1, KoreanBusinessDays.Between(from, to));
    }

    [Fact]
    public void A_later_start_than_end_counts_zero()
    {
        Assert.Equal(0, KoreanBusinessDays.Between(Kst(2026, 4, 20), Kst(2026, 4, 6)));
    }

    [Fact]
    public void Seollal_and_its_substitute_holiday_are_not_business_days()
    {
        // 2027: 설날 2/7 is a Sunday (Korean calendar); holidays 2/6–2/8 and the substitute 2/9.
        Assert.True(KoreanBusinessDays.IsHoliday(new DateOnly(2027, 2, 7)));
        Assert.False(KoreanBusinessDays.IsBusinessDay(new DateOnly(2027, 2, 8)));
        Assert.False(KoreanBusinessDays.IsBusinessDay(new DateOnly(2027, 2, 9)));
        Assert.True(KoreanBusinessDays.IsBusinessDay(new DateOnly(2027, 2, 10)));

        // Friday 2027-02-05 → Wednesday 2027-02-10: only the Wednesday counts.
        Assert.Equal(1, KoreanBusinessDays.Between(Kst(2027, 2, 5), Kst(2027, 2, 10)));
    }

    [Fact]
    public void Chuseok_week_of_2025_with_the_foundation_day_hangul_day_and_substitute_holiday_leaves_one_business_day()
    {
        // 10/3 개천절 (Fri), 10/5–10/7 추석, 10/8 대체공휴일, 10/9 한글날: only Friday 10/10 counts from Thursday 10/2.
        Assert.Equal(1, KoreanBusinessDays.Between(Kst(2025, 10, 2), Kst(2025, 10, 10)));
    }

    [Theory]
    [InlineData(2025, 3, 3)]   // 삼일절 대체공휴일
    [InlineData(2025, 5, 6)]   // 어린이날·부처님오신날 대체공휴일
    [InlineData(2026, 5, 25)]  // 부처님오신날 대체공휴일
    [InlineData(2026, 8, 17)]  // 광복절 대체공휴일
    [InlineData(2026, 10, 5)]  // 개천절 대체공휴일
    [InlineData(2027, 10, 11)] // 한글날 대체공휴일
    [InlineData(2027, 12, 27)] // 성탄절 대체공휴일
    [InlineData(2028, 10, 5)]  // 추석·개천절 대체공휴일
    public void Substitute_holidays_are_not_business_days(int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);

        Assert.True(date.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Friday);
        Assert.False(KoreanBusinessDays.IsBusinessDay(date));
    }

    [Theory]
    [InlineData(2026, 2, 16)]
    [InlineData(2026, 2, 17)]
    [InlineData(2026, 2, 18)]
    [InlineData(2026, 9, 24)]
    [InlineData(2026, 9, 25)]
    [InlineData(2028, 1, 26)]
    [InlineData(2028, 5, 2)]
    [InlineData(2027, 5, 13)]
    public void Lunar_holidays_fall_on_their_solar_dates(int year, int month, int day) =>
        Assert.True(KoreanBusinessDays.IsHoliday(new DateOnly(year, month, day)));

    [Fact]
    public void Each_listed_year_has_the_fixed_national_holidays()
    {
        for (var year = 2025; year <= 2028; year++)
        {
            foreach (var (month, day) in new[] { (1, 1), (3, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25) })
            {
                Assert.True(KoreanBusinessDays.IsHoliday(new DateOnly(year, month, day)), $"{year}-{month:00}-{day:00}");
            }
        }
    }

    [Fact]
    public void Outside_the_listed_years_only_weekends_are_excluded()
    {
        Assert.True(KoreanBusinessDays.IsBusinessDay(new DateOnly(2029, 1, 1))); // a Monday, not listed
        Assert.Equal(5, KoreanBusinessDays.Between(new DateOnly(2029, 1, 5), new DateOnly(2029, 1, 12)));
    }

    [Fact]
    public void A_span_over_several_years_equals_counting_day_by_day()
    {
        var from = new DateOnly(2024, 12, 20);
        var to = new DateOnly(2029, 1, 9);
        var expected = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (KoreanBusinessDays.IsBusinessDay(day))
            {
                expected++;
            }
        }

        Assert.Equal(expected, KoreanBusinessDays.Between(from, to));
        for (var end = from; end <= from.AddDays(40); end = end.AddDays(1))
        {
            var walked = Enumerable.Range(1, end.DayNumber - from.DayNumber).Count(i => KoreanBusinessDays.IsBusinessDay(from.AddDays(i)));
            Assert.Equal(walked, KoreanBusinessDays.Between(from, end));
        }
    }

    [Fact]
    public void The_nth_business_day_back_is_where_waiting_reaches_n()
    {
        // Wednesday 2026-02-25; 2/16–2/18 are 설날 holidays.
        var today = new DateOnly(2026, 2, 25);

        Assert.Equal(today, KoreanBusinessDays.NthBusinessDayBack(today, 1));
        Assert.Equal(new DateOnly(2026, 2, 19), KoreanBusinessDays.NthBusinessDayBack(today, 5));
        Assert.Equal(new DateOnly(2026, 2, 13), KoreanBusinessDays.NthBusinessDayBack(today, 6));

        // Anything started the day before the 5th business day back has waited 5 days; started on it, 4.
        Assert.Equal(5, KoreanBusinessDays.Between(new DateOnly(2026, 2, 13), today));
        Assert.Equal(4, KoreanBusinessDays.Between(new DateOnly(2026, 2, 19), today));
    }

    [Fact]
    public void The_start_of_a_day_in_Korea_is_three_in_the_afternoon_UTC_the_day_before()
    {
        Assert.Equal(new DateTimeOffset(2026, 2, 18, 15, 0, 0, TimeSpan.Zero), KoreanBusinessDays.StartOfDayKst(new DateOnly(2026, 2, 19)));
    }
}
