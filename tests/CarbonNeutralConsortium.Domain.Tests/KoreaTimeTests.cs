using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Tests.Support;

namespace CarbonNeutralConsortium.Domain.Tests;

public class KoreaTimeTests
{
    [Fact]
    public void A_UTC_instant_is_shown_at_plus_nine_hours()
    {
        var utc = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

        var kst = KoreaTime.ToKst(utc);

        Assert.Equal(TimeSpan.FromHours(9), kst.Offset);
        Assert.Equal(new DateTime(2026, 11, 25, 0, 30, 0), kst.DateTime);
        Assert.Equal(utc, kst); // the same instant
    }

    [Fact]
    public void An_instant_with_another_offset_converts_to_the_same_Korean_wall_clock()
    {
        var paris = new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.FromHours(2));

        var kst = KoreaTime.ToKst(paris);

        Assert.Equal(TimeSpan.FromHours(9), kst.Offset);
        Assert.Equal(new DateTime(2026, 7, 1, 17, 0, 0), kst.DateTime);
    }

    [Fact]
    public void Korea_has_no_daylight_saving_time()
    {
        var winter = KoreaTime.ToKst(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero));
        var summer = KoreaTime.ToKst(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromHours(9), winter.Offset);
        Assert.Equal(TimeSpan.FromHours(9), summer.Offset);
    }

    [Fact]
    public void Today_is_already_the_next_day_in_Korea_after_15_00_UTC()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 11, 25), KoreaTime.Today(clock));
    }

    [Fact]
    public void Today_is_still_the_same_day_in_Korea_just_before_15_00_UTC()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 24, 14, 59, 59, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 11, 24), KoreaTime.Today(clock));
    }
}
