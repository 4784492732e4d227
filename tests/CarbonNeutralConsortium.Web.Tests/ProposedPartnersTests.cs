using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class ProposedPartnersTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_proposed_partner_is_explained_in_plain_words_in_both_languages()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.PartnersProposed);

        var korean = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        var english = await sme.Client.GetPageAsync($"/Requests/Details/{id}?culture=en");

        var card = korean.QuerySelector("#partners article")!;
        Assert.Equal("캘거리 대학교", card.QuerySelector("h3")!.TextContent);
        Assert.Contains("캐나다", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("대학", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("87.5", card.QuerySelector("[data-testid=match-score]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["CCUS.METHANE 기술이 정확히 일치합니다 (+40점)", "희망 국가(캐나다)입니다 (+10점)"],
            card.QuerySelectorAll(".match-factors li").Select(li => string.Join(' ', li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Contains("메탄 전환 분야의 대표 연구 그룹입니다.", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://www.ucalgary.ca/", card.QuerySelector("a[rel~=noopener]")!.GetAttribute("href"));
        Assert.NotNull(card.QuerySelector("form[id^=accept-]"));

        var englishCard = english.QuerySelector("#partners article")!;
        Assert.Equal("University of Calgary", englishCard.QuerySelector("h3")!.TextContent);
        Assert.Contains("CCUS.METHANE matches exactly", englishCard.TextContent, StringComparison.Ordinal);
        Assert.Contains("Canada", englishCard.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_with_other_and_no_text_shows_a_field_error_and_a_reason_sends_the_request_back_to_matching()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.PartnersProposed);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        var form = "#partners form[id^=decline-]";

        var other = await sme.Client.SubmitForPageAsync(page, form, new Dictionary<string, string?> { ["Decline.Reason"] = "Other", ["Decline.Comment"] = " " });
        Assert.Equal("'기타'를 선택했다면 사유를 적어 주세요.", PortalClient.FieldError(other, "Decline.Comment"));
        var empty = await sme.Client.SubmitForPageAsync(page, form, new Dictionary<string, string?> { ["Decline.Reason"] = "" });
        Assert.NotEqual("", PortalClient.FieldError(empty, "Decline.Reason"));
        var bogus = await sme.Client.SubmitForPageAsync(page, form, new Dictionary<string, string?> { ["Decline.Reason"] = "99" });
        Assert.NotEqual("", PortalClient.FieldError(bogus, "Decline.Reason"));
        Assert.Equal(MatchStatus.Proposed, (await MatchAsync(id)).Status);

        var declined = await sme.Client.SubmitForPageAsync(page, form, new Dictionary<string, string?> { ["Decline.Reason"] = "Other", ["Decline.Comment"] = "자체 개발로 전환" });

        Assert.Equal("Matching", declined.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        Assert.Contains("자체 개발로 전환", declined.QuerySelector("#partners article")!.TextContent, StringComparison.Ordinal);
        var match = await MatchAsync(id);
        Assert.Equal((MatchStatus.DeclinedBySme, SmeDeclineReason.Other), (match.Status, match.SmeDeclineReason!.Value));
    }

    [Fact]
    public async Task Accepting_connects_the_request_and_the_outcome_report_closes_it()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.PartnersProposed);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        var connected = await sme.Client.SubmitForPageAsync(page, "#partners form[id^=accept-]", new Dictionary<string, string?>());
        Assert.Equal("Connected", connected.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        var outcome = "#partners form[id^=outcome-]";

        var noKind = await sme.Client.SubmitForPageAsync(connected, outcome, new Dictionary<string, string?>());
        Assert.NotEqual("", PortalClient.FieldError(noKind, "Outcome.Kind"));
        var noDate = await sme.Client.SubmitForPageAsync(connected, outcome, new Dictionary<string, string?> { ["Outcome.Kind"] = "Meeting" });
        Assert.Equal("미팅 날짜를 입력해 주세요.", PortalClient.FieldError(noDate, "Outcome.MeetingDate"));
        var future = await sme.Client.SubmitForPageAsync(connected, outcome, new Dictionary<string, string?>
        {
            ["Outcome.Kind"] = "Meeting", ["Outcome.MeetingDate"] = KoreaTime.Today(TimeProvider.System).AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.NotEqual("", PortalClient.FieldError(future, "Outcome.MeetingDate"));
        var badDate = await sme.Client.SubmitForPageAsync(connected, outcome, new Dictionary<string, string?> { ["Outcome.Kind"] = "Meeting", ["Outcome.MeetingDate"] = "2026-13-45" });
        Assert.NotEqual("", PortalClient.FieldError(badDate, "Outcome.MeetingDate"));

        var met = await sme.Client.SubmitForPageAsync(connected, outcome, new Dictionary<string, string?>
        {
            ["Outcome.Kind"] = "Meeting", ["Outcome.MeetingDate"] = KoreaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(MatchStatus.MeetingHeld, (await MatchAsync(id)).Status);
        Assert.Null(met.QuerySelector("#partners input[name='Outcome.MeetingDate']"));

        var closed = await sme.Client.SubmitForPageAsync(met, outcome, new Dictionary<string, string?> { ["Outcome.Kind"] = "Agreement", ["Outcome.AgreementKind"] = "Licence" });

        Assert.Equal("Closed", closed.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        Assert.Contains("기술 라이선스", closed.QuerySelector("#partners article")!.TextContent, StringComparison.Ordinal);
        var request = await portal.LoadRequestAsync(id);
        Assert.Equal((RequestStatus.Closed, RequestOutcome.Agreement), (request.Status, request.Outcome!.Value));
        Assert.Null(closed.QuerySelector("#withdraw-form"));
    }

    [Fact]
    public async Task Accepting_twice_from_the_same_page_accepts_once_without_a_conflict_message()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.PartnersProposed);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        await sme.Client.SubmitForPageAsync(page, "#partners form[id^=accept-]", new Dictionary<string, string?>());
        var again = await sme.Client.SubmitForPageAsync(page, "#partners form[id^=accept-]", new Dictionary<string, string?>());

        Assert.Null(again.QuerySelector("#form-errors"));
        Assert.Equal("Connected", again.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        Assert.Equal(MatchStatus.AcceptedBySme, (await MatchAsync(id)).Status);
        Assert.Single((await portal.LoadRequestAsync(id)).History, h => h.To == RequestStatus.Connected);
    }

    [Fact]
    public async Task An_answer_from_a_stale_page_is_explained_as_a_conflict()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.PartnersProposed);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        await sme.Client.SubmitForPageAsync(page, "#partners form[id^=accept-]", new Dictionary<string, string?>());

        var again = await sme.Client.SubmitForPageAsync(page, "#partners form[id^=decline-]", new Dictionary<string, string?> { ["Decline.Reason"] = "TimingNotRight" });

        Assert.Contains("다른 사람이", again.QuerySelector("#form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(MatchStatus.AcceptedBySme, (await MatchAsync(id)).Status);
    }

    private Task<Match> MatchAsync(Guid requestId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.AsNoTracking().SingleAsync(m => m.RequestId == requestId));
}
