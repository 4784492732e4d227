using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Services.Matches;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.Extensions.Localization;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class NotificationsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Status_changes_appear_as_unread_localized_notifications_that_can_all_be_marked_read()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted, "수소 환원 제철 협력");
        var reference = (await portal.LoadRequestAsync(id)).ReferenceNumber!;
        var coordinator = TestRequests.Coordinator("KRICT");
        await portal.WithServiceAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, coordinator, null, default));
        await portal.WithServiceAsync(sp => sp.GetRequiredService<RequestLifecycleService>().ReturnForInformationAsync(id, coordinator, "용량은?", null, default));

        var page = await sme.Client.GetPageAsync("/Notifications");

        var items = page.QuerySelectorAll("[data-testid=notification-list] li");
        Assert.Equal(2, items.Length);
        Assert.Contains($"연구기관이 추가 정보를 요청했습니다: 수소 환원 제철 협력 ({reference})", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("'검토 중'(으)로", items[1].TextContent, StringComparison.Ordinal);
        Assert.All(items, li => Assert.Equal("true", li.GetAttribute("data-unread")));
        Assert.All(items, li => Assert.Equal("새 알림", li.QuerySelector(".badge")!.TextContent));
        Assert.Equal($"/Requests/Details/{id}", items[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("2", page.QuerySelector("[data-testid=unread-count]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2 읽지 않은 알림", page.QuerySelector("[data-testid=nav-unread-count]")!.TextContent.Trim());
        var requestsPage = await sme.Client.GetPageAsync("/Requests");
        Assert.Equal("2 읽지 않은 알림", requestsPage.QuerySelector("[data-testid=nav-unread-count]")!.TextContent.Trim());

        var english = await sme.Client.GetPageAsync("/Notifications?culture=en");
        Assert.Contains("The status of your request changed to 'In review'", english.QuerySelectorAll("[data-testid=notification-list] li")[1].TextContent, StringComparison.Ordinal);

        var read = await sme.Client.SubmitForPageAsync(page, "#mark-all-read", new Dictionary<string, string?>());

        Assert.All(read.QuerySelectorAll("[data-testid=notification-list] li"), li => Assert.Equal("false", li.GetAttribute("data-unread")));
        Assert.Null(read.QuerySelector("[data-testid=notification-list] .badge"));
        Assert.Null(read.QuerySelector("#mark-all-read"));
        Assert.Null(read.QuerySelector("[data-testid=nav-unread-count]"));
    }

    [Fact]
    public async Task Staff_see_their_own_empty_list_and_never_another_users_notifications()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        await portal.WithServiceAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, TestRequests.Coordinator("KRICT"), null, default));
        var staff = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(staff);

        var page = await client.GetPageAsync("/Notifications");

        Assert.NotNull(page.QuerySelector("[data-testid=notifications-empty]"));
    }

    [Fact]
    public async Task Every_text_built_from_a_status_reason_or_kind_exists_in_Korean_and_English()
    {
        var keys = Enum.GetNames<NotificationKind>().Select(k => "Notification." + k)
            .Concat(Enum.GetNames<RequestStatus>().Select(k => "Status." + k))
            .Concat(Enum.GetNames<RequestOutcome>().Select(k => "RequestOutcome." + k))
            .Concat(Enum.GetNames<MatchStatus>().Select(k => "MatchStatus." + k))
            .Concat(Enum.GetNames<SmeDeclineReason>().Select(k => "DeclineReason." + k))
            .Concat(Enum.GetNames<AgreementKind>().Select(k => "AgreementKind." + k))
            .Concat(Enum.GetNames<NoDealReason>().Select(k => "NoDealReason." + k))
            .Concat(Enum.GetNames<MatchOutcomeKind>().Select(k => "OutcomeKind." + k))
            .Concat(Enum.GetNames<ActorSide>().Select(k => "Messages.Side." + k))
            .Concat(new[] { "Routing", "Resubmitted", "DeadlinePassed" }.Select(k => "Timeline.Note." + k))
            .ToList();

        var missing = await portal.WithServiceAsync(sp =>
        {
            var localizer = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
            var previous = CultureInfo.CurrentUICulture;
            try
            {
                var result = new List<string>();
                foreach (var culture in new[] { "ko", "en" })
                {
                    CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
                    result.AddRange(keys.Where(k => localizer[k].ResourceNotFound).Select(k => culture + ":" + k));
                }

                return Task.FromResult(result);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        });

        Assert.Empty(missing);
    }
}
