using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class NotificationQueriesTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_list_is_newest_first_paged_by_30_with_the_unread_count()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        await AddAsync(provider, member.UserId, Enumerable.Range(0, 35).Select(i => (start.AddMinutes(i), i < 5)));

        var first = await provider.InScopeAsync(sp => sp.GetRequiredService<NotificationQueries>().ListAsync(member.UserId, 1, default));
        var second = await provider.InScopeAsync(sp => sp.GetRequiredService<NotificationQueries>().ListAsync(member.UserId, 2, default));
        var beyond = await provider.InScopeAsync(sp => sp.GetRequiredService<NotificationQueries>().ListAsync(member.UserId, 99, default));

        Assert.Equal((35, 30, 2, 30), (first.Total, first.Unread, first.PageCount, first.Rows.Count));
        Assert.Equal("제목 34", first.Rows[0].Subject);
        Assert.Equal(5, second.Rows.Count);
        Assert.All(second.Rows, r => Assert.True(r.IsRead));
        Assert.Equal(2, beyond.Page);
        Assert.Equal(30, await provider.InScopeAsync(sp => sp.GetRequiredService<NotificationQueries>().UnreadCountAsync(member.UserId, default)));
    }

    [Fact]
    public async Task Marking_all_read_touches_only_the_users_own_notifications()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var other = await RequestFixtures.NewCompanyAsync(provider);
        await AddAsync(provider, member.UserId, [(DateTimeOffset.UtcNow, false), (DateTimeOffset.UtcNow, false)]);
        await AddAsync(provider, other.UserId, [(DateTimeOffset.UtcNow, false)]);

        var changed = await provider.InScopeAsync(sp => sp.GetRequiredService<NotificationQueries>().MarkAllReadAsync(member.UserId, default));

        Assert.Equal(2, changed);
        Assert.Equal(0, await provider.InScopeAsync(sp => sp.GetRequiredService<NotificationQueries>().UnreadCountAsync(member.UserId, default)));
        Assert.Equal(1, await provider.InScopeAsync(sp => sp.GetRequiredService<NotificationQueries>().UnreadCountAsync(other.UserId, default)));
    }

    private static Task AddAsync(IServiceProvider provider, Guid userId, IEnumerable<(DateTimeOffset At, bool Read)> items) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var i = 0;
            foreach (var (at, read) in items)
            {
                db.Notifications.Add(new Notification
                {
                    UserId = userId, Kind = NotificationKind.RequestStatusChanged, Reference = "CNC-2026-000001", Subject = $"제목 {i++}", Status = "InReview",
                    CreatedAt = at, ReadAt = read ? at : null,
                });
            }

            await db.SaveChangesAsync();
        });
}
