using System.Net;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class HomePageTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string[] InstitutesKo = ["한국전자통신연구원", "한국생산기술연구원", "한국기계연구원", "한국화학연구원", "한국자동차연구원", "한국전자기술연구원"];

    private static readonly string[] InstitutesEn =
    [
        "Electronics and Telecommunications Research Institute", "Korea Institute of Industrial Technology",
        "Korea Institute of Machinery and Materials", "Korea Research Institute of Chemical Technology",
        "Korea Automotive Technology Institute", "Korea Electronics Technology Institute",
    ];

    [Fact]
    public async Task Home_page_is_Korean_by_default_and_names_the_six_institutes_the_coordinator_and_the_five_functions()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetPageAsync("/");

        Assert.Equal("ko", page.DocumentElement.GetAttribute("lang"));
        var cards = page.QuerySelectorAll(".org-card h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["총괄 지원기관 (KEIT)", .. InstitutesKo], cards);
        var functions = page.QuerySelectorAll(".function-card h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["기술교류·협력", "수요매칭 및 과제발굴", "공동R&D 과제기획 지원", "글로벌 공조 체계", "협업 및 정책소통"], functions);
        Assert.Contains("석유화학", page.QuerySelector(".org-card[data-org=KRICT]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_page_with_culture_en_is_in_English()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetPageAsync("/?culture=en");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        var cards = page.QuerySelectorAll(".org-card h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Coordinating agency (KEIT)", .. InstitutesEn], cards);
        Assert.Equal("Demand matching and project discovery", page.QuerySelectorAll(".function-card h3")[1].TextContent.Trim());
        Assert.DoesNotContain("한국화학연구원", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_remembers_English_in_a_cookie_and_returns_to_the_same_page()
    {
        using var client = portal.CreatePortalClient();
        var institutes = await client.GetPageAsync("/Institutes");

        var switched = await client.SubmitForPageAsync(institutes, "form[action='/Culture']", new Dictionary<string, string?>(), submitValue: "en");
        Assert.EndsWith("/Institutes", switched.Url, StringComparison.Ordinal);
        Assert.Equal("en", switched.DocumentElement.GetAttribute("lang"));

        var home = await client.GetPageAsync("/");
        Assert.Equal("en", home.DocumentElement.GetAttribute("lang"));

        var back = await client.SubmitForPageAsync(home, "form[action='/Culture']", new Dictionary<string, string?>(), submitValue: "ko");
        Assert.Equal("ko", back.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_language_switch_never_redirects_to_another_site()
    {
        using var client = portal.CreatePortalClient(followRedirects: false);
        var home = await client.GetPageAsync("/");
        using var response = await client.SubmitAsync(home, "form[action='/Culture']", new Dictionary<string, string?> { ["returnUrl"] = "https://evil.example/" }, submitValue: "en");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_language_switch_percent_encodes_what_a_location_header_cannot_carry()
    {
        // Found by eng/scan.sh (issue 8): a returnUrl with a non-ASCII or control character made Kestrel throw (500).
        using var client = portal.CreatePortalClient(followRedirects: false);
        var home = await client.GetPageAsync("/");
        using var response = await client.SubmitAsync(home, "form[action='/Culture']", new Dictionary<string, string?> { ["returnUrl"] = "/Institutes?q=배터리¿" }, submitValue: "en");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Institutes?q=%EB%B0%B0%ED%84%B0%EB%A6%AC%C2%BF", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Institutes_page_shows_each_institute_with_its_sector_and_expertise()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetPageAsync("/Institutes");

        var krict = page.QuerySelector("#org-KRICT")!.TextContent;
        Assert.Contains("한국화학연구원", krict, StringComparison.Ordinal);
        Assert.Contains("석유화학", krict, StringComparison.Ordinal);
        Assert.Contains("메탄 활용·전환", krict, StringComparison.Ordinal);
        Assert.Contains("AI 기반 공정 최적화", page.QuerySelector("#org-ETRI")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(7, page.QuerySelectorAll("section[id^=org-]").Length);
    }

    [Fact]
    public async Task An_unknown_page_is_a_localized_404()
    {
        using var client = portal.CreatePortalClient();
        var ko = await client.GetPageAsync("/no-such-page", HttpStatusCode.NotFound);
        Assert.Equal("페이지를 찾을 수 없습니다", ko.QuerySelector("h1")!.TextContent.Trim());

        var en = await client.GetPageAsync("/no-such-page?culture=en", HttpStatusCode.NotFound);
        Assert.Equal("Page not found", en.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Privacy_notice_states_purpose_items_retention_and_the_right_to_refuse_in_both_languages()
    {
        using var client = portal.CreatePortalClient();
        var ko = await client.GetPageAsync("/Privacy");
        var en = await client.GetPageAsync("/Privacy?culture=en");

        Assert.Equal(["수집·이용 목적", "수집 항목", "보유·이용 기간", "국외 이전", "정보주체의 권리와 행사 방법", "안전성 확보 조치", "쿠키", "개인정보 보호책임자", "권익침해 구제"],
            ko.QuerySelectorAll("main h2").Select(t => t.TextContent));
        Assert.Equal(["Purpose", "Items collected", "Retention", "Transfer abroad", "Your rights and how to use them", "How your data is protected", "Cookies",
            "Privacy officer", "If your rights are infringed"], en.QuerySelectorAll("main h2").Select(t => t.TextContent));
        Assert.Contains("동의를 거부할 권리", ko.QuerySelector("#purpose")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Your right to refuse", en.QuerySelector("#purpose")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }
}
