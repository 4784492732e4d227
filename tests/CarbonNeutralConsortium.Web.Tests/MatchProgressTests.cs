using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The coordinator's side of a match (/Coordination/Match/{id}) through the real forms, after the company accepted the partner.</summary>
public sealed class MatchProgressTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static string Url(Guid matchId) => $"/Coordination/Match/{matchId}";

    private static string Today() => KoreaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<Match> MatchAsync(Guid requestId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.AsNoTracking().SingleAsync(m => m.RequestId == requestId));

    /// <summary>A request whose one proposed partner the company has accepted (Connected), and the lead coordinator (KRICT).</summary>
    private async Task<(SmeSession Sme, Guid RequestId, Guid MatchId, PortalClient Lead)> ConnectedAsync()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Connected);
        return (sme, id, (await MatchAsync(id)).Id, await portal.SignInCoordinatorAsync("KRICT"));
    }

    private static string Status(IHtmlDocument page) => page.QuerySelector("[data-testid=match-status]")!.TextContent.Trim();

    [Fact]
    public async Task The_coordinator_records_contact_partner_answer_meeting_and_agreement_and_the_company_sees_the_request_closed()
    {
        var (sme, id, matchId, lead) = await ConnectedAsync();

        var page = await lead.GetPageAsync(Url(matchId));
        Assert.Equal("수락함", Status(page));
        Assert.Null(page.QuerySelector("#response-form"));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=match-history] li").Length);
        Assert.Contains("87.5", page.QuerySelector("#score-heading")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("li[data-factor=technology]"));

        var contacted = await lead.SubmitForPageAsync(page, "#contacted-form", new Dictionary<string, string?>());
        Assert.Equal(Url(matchId), contacted.Url[contacted.Url.IndexOf("/Coordination", StringComparison.Ordinal)..]);
        Assert.Equal("후보기관에 연락함", Status(contacted));
        Assert.Null(contacted.QuerySelector("#contacted-form"));

        var accepted = await lead.SubmitForPageAsync(contacted, "#response-form", new Dictionary<string, string?>
        {
            ["PartnerResponse.Accepted"] = "true", ["PartnerResponse.Comment"] = "8월 미팅을 제안받았습니다.",
        });
        Assert.Equal("후보기관이 수락함", Status(accepted));
        Assert.Contains("8월 미팅을 제안받았습니다.", accepted.QuerySelector("[data-testid=match-history]")!.TextContent, StringComparison.Ordinal);

        var met = await lead.SubmitForPageAsync(accepted, "#outcome-form", new Dictionary<string, string?> { ["Outcome.Kind"] = "Meeting", ["Outcome.MeetingDate"] = Today() });
        Assert.Equal("미팅 진행", Status(met));
        Assert.Contains(Today(), met.QuerySelector("[data-testid=match-dates]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(met.QuerySelector("#outcome-kind-Meeting"));

        var agreed = await lead.SubmitForPageAsync(met, "#outcome-form", new Dictionary<string, string?>
        {
            ["Outcome.Kind"] = "Agreement", ["Outcome.AgreementKind"] = "Mou", ["Outcome.Comment"] = "양해각서 서명",
        });
        Assert.Equal("협약 체결", Status(agreed));
        Assert.Contains("업무협약(MOU)", agreed.QuerySelector("[data-testid=match-dates]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(agreed.QuerySelector("#outcome-form"));
        Assert.Equal(6, agreed.QuerySelectorAll("[data-testid=match-history] li").Length);

        var match = await MatchAsync(id);
        Assert.Equal((MatchStatus.Agreement, AgreementKind.Mou, "양해각서 서명"), (match.Status, match.AgreementKind!.Value, match.OutcomeComment!));
        var request = await portal.LoadRequestAsync(id);
        Assert.Equal((RequestStatus.Closed, RequestOutcome.Agreement), (request.Status, request.Outcome!.Value));

        var details = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        Assert.Equal("Closed", details.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        Assert.Contains("업무협약(MOU)", details.QuerySelector("#partners article")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_impossible_details_are_field_errors_and_nothing_changes()
    {
        var (_, id, matchId, lead) = await ConnectedAsync();
        var page = await lead.GetPageAsync(Url(matchId));
        var contacted = await lead.SubmitForPageAsync(page, "#contacted-form", new Dictionary<string, string?>());
        var before = await MatchAsync(id);

        var noAnswer = await lead.SubmitForPageAsync(contacted, "#response-form", new Dictionary<string, string?>());
        var noKind = await lead.SubmitForPageAsync(contacted, "#outcome-form", new Dictionary<string, string?>());
        var noDate = await lead.SubmitForPageAsync(contacted, "#outcome-form", new Dictionary<string, string?> { ["Outcome.Kind"] = "Meeting" });
        var future = await lead.SubmitForPageAsync(contacted, "#outcome-form", new Dictionary<string, string?>
        {
            ["Outcome.Kind"] = "Meeting", ["Outcome.MeetingDate"] = KoreaTime.Today(TimeProvider.System).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var badDate = await lead.SubmitForPageAsync(contacted, "#outcome-form", new Dictionary<string, string?> { ["Outcome.Kind"] = "Meeting", ["Outcome.MeetingDate"] = "2026-02-30" });
        var noAgreementKind = await lead.SubmitForPageAsync(contacted, "#outcome-form", new Dictionary<string, string?> { ["Outcome.Kind"] = "Agreement" });
        var bogusKind = await lead.SubmitForPageAsync(contacted, "#outcome-form", new Dictionary<string, string?> { ["Outcome.Kind"] = "Agreement", ["Outcome.AgreementKind"] = "Marriage" });
        var badComment = await lead.SubmitForPageAsync(contacted, "#outcome-form", new Dictionary<string, string?>
        {
            ["Outcome.Kind"] = "Agreement", ["Outcome.AgreementKind"] = "Nda", ["Outcome.Comment"] = "깨진\uD800문자",
        });

        Assert.NotEqual("", PortalClient.FieldError(noAnswer, "PartnerResponse.Accepted"));
        Assert.NotEqual("", PortalClient.FieldError(noKind, "Outcome.Kind"));
        Assert.Equal("미팅 날짜를 입력해 주세요.", PortalClient.FieldError(noDate, "Outcome.MeetingDate"));
        Assert.Equal("미팅 날짜는 제안일과 오늘 사이여야 합니다.", PortalClient.FieldError(future, "Outcome.MeetingDate"));
        Assert.NotEqual("", PortalClient.FieldError(badDate, "Outcome.MeetingDate"));
        Assert.Equal("협약 종류를 선택해 주세요.", PortalClient.FieldError(noAgreementKind, "Outcome.AgreementKind"));
        Assert.NotEqual("", PortalClient.FieldError(bogusKind, "Outcome.AgreementKind"));
        Assert.Contains("쓸 수 없는 문자", PortalClient.FieldError(badComment, "Outcome.Comment"), StringComparison.Ordinal);
        Assert.Equal("Meeting", noDate.QuerySelector<IHtmlInputElement>("#outcome-kind-Meeting")!.IsChecked ? "Meeting" : "");
        var after = await MatchAsync(id);
        Assert.Equal((MatchStatus.PartnerContacted, before.Version), (after.Status, after.Version));
        Assert.Equal(RequestStatus.Connected, (await portal.LoadRequestAsync(id)).Status);
    }

    [Fact]
    public async Task A_step_posted_from_a_stale_page_is_explained_as_a_conflict()
    {
        var (_, id, matchId, lead) = await ConnectedAsync();
        var page = await lead.GetPageAsync(Url(matchId));
        await lead.SubmitForPageAsync(page, "#contacted-form", new Dictionary<string, string?>());

        var stale = await lead.SubmitForPageAsync(page, "#outcome-form", new Dictionary<string, string?> { ["Outcome.Kind"] = "Agreement", ["Outcome.AgreementKind"] = "Nda" });

        Assert.Contains("그 사이에 다른 사람이 이 매칭을 변경했습니다", stale.QuerySelector("#outcome-form [role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(MatchStatus.PartnerContacted, (await MatchAsync(id)).Status);
    }

    [Fact]
    public async Task The_partner_declining_the_only_accepted_match_closes_the_request_without_a_deal()
    {
        var (sme, id, matchId, lead) = await ConnectedAsync();
        var contacted = await lead.SubmitForPageAsync(await lead.GetPageAsync(Url(matchId)), "#contacted-form", new Dictionary<string, string?>());

        var declined = await lead.SubmitForPageAsync(contacted, "#response-form", new Dictionary<string, string?> { ["PartnerResponse.Accepted"] = "false" });

        Assert.Equal("후보기관이 거절함", Status(declined));
        var request = await portal.LoadRequestAsync(id);
        Assert.Equal((RequestStatus.Closed, RequestOutcome.NoDeal), (request.Status, request.Outcome!.Value));
        Assert.Equal("Closed", (await sme.Client.GetPageAsync($"/Requests/Details/{id}")).QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task Another_institute_gets_404_on_the_match_page_and_on_each_post()
    {
        var (sme, id, matchId, lead) = await ConnectedAsync();
        var outsider = await portal.SignInCoordinatorAsync("KIMM");
        var token = await outsider.GetPageAsync("/Coordination");
        var version = (await MatchAsync(id)).Version.ToString(CultureInfo.InvariantCulture);

        await outsider.GetPageAsync(Url(matchId), HttpStatusCode.NotFound);
        await outsider.GetPageAsync(Url(Guid.NewGuid()), HttpStatusCode.NotFound);
        await sme.Client.GetPageAsync(Url(matchId), HttpStatusCode.Forbidden);
        using var contacted = await outsider.PostAsync(token, Url(matchId) + "?handler=Contacted", new Dictionary<string, string> { ["Contacted.Version"] = version });
        using var response = await outsider.PostAsync(token, Url(matchId) + "?handler=Response", new Dictionary<string, string>
        {
            ["PartnerResponse.Accepted"] = "true", ["PartnerResponse.Version"] = version,
        });
        using var outcome = await outsider.PostAsync(token, Url(matchId) + "?handler=Outcome", new Dictionary<string, string>
        {
            ["Outcome.Kind"] = "Agreement", ["Outcome.AgreementKind"] = "Nda", ["Outcome.Version"] = version,
        });

        Assert.Equal(HttpStatusCode.NotFound, contacted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outcome.StatusCode);
        Assert.Equal(MatchStatus.AcceptedBySme, (await MatchAsync(id)).Status);
        Assert.NotNull((await lead.GetPageAsync(Url(matchId))).QuerySelector("#contacted-form"));
    }
}
