using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>A signed-in SME member and the helpers the request-page tests share.</summary>
internal sealed record SmeSession(PortalClient Client, string Email, Guid CompanyId, Guid UserId);

internal static class RequestPageHelpers
{
    public static async Task<SmeSession> SignInNewSmeAsync(this PortalFactory portal, string culture = "ko")
    {
        var (email, companyId) = await portal.CreateSmeAsync(culture: culture);
        var user = await portal.FindUserAsync(email);
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        return new SmeSession(client, email, companyId, user!.Id);
    }

    public static Task<Guid> RequestInStateAsync(this PortalFactory portal, SmeSession sme, RequestStatus status, string title = "메탄 건식 개질 촉매 기술 도입") =>
        TestRequests.CreateInStateAsync(portal.Services, sme.CompanyId, sme.UserId, status, title);

    public static Task<PartnershipRequest> LoadRequestAsync(this PortalFactory portal, Guid id) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == id));

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public static string Token(IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? throw new InvalidOperationException("No antiforgery token on " + page.Url);

    /// <summary>Posts fields (with the page's antiforgery token) to a URL, as a browser form would.</summary>
    public static async Task<HttpResponseMessage> PostAsync(this PortalClient client, IHtmlDocument tokenPage, string url, IReadOnlyDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Token(tokenPage) };
        using var content = new FormUrlEncodedContent(all);
        return await client.Http.PostAsync(url, content);
    }

    /// <summary>Submits a form as multipart/form-data with an optional file, as a browser does for a file input.</summary>
    public static async Task<IHtmlDocument> SubmitMultipartAsync(this PortalClient client, IHtmlDocument page, string formSelector, IReadOnlyDictionary<string, string> fields,
        (string Field, string FileName, byte[] Data)? file, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException("No form " + formSelector);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (file is { } f)
        {
            var bytes = new ByteArrayContent(f.Data);
            bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            content.Add(bytes, f.Field, f.FileName);
        }

        using var response = await client.Http.PostAsync(new Uri(new Uri(page.Url), form.GetAttribute("action")!), content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 1500)]}");
        return await PortalClient.ParseAsync(html, response.RequestMessage!.RequestUri!);
    }
}

public sealed class MyRequestsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_company_without_requests_sees_an_empty_state_with_a_button_to_register_one()
    {
        var sme = await portal.SignInNewSmeAsync();

        var page = await sme.Client.GetPageAsync("/Requests");

        var empty = page.QuerySelector("[data-testid=requests-empty]")!;
        Assert.Equal("/Requests/New", empty.QuerySelector("a.btn")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("#requests-table"));
    }

    [Fact]
    public async Task The_list_shows_the_companys_requests_and_filters_by_status_and_text()
    {
        var sme = await portal.SignInNewSmeAsync();
        var other = await portal.SignInNewSmeAsync();
        var draft = await portal.RequestInStateAsync(sme, RequestStatus.Draft, "수소 연료전지 스택 초안");
        var submitted = await portal.RequestInStateAsync(sme, RequestStatus.Submitted, "철강 수소환원 공정 협력");
        var withdrawn = await portal.RequestInStateAsync(sme, RequestStatus.Withdrawn, "시멘트 CCUS 협력");
        var foreign = await portal.RequestInStateAsync(other, RequestStatus.Submitted, "다른 회사의 수요");
        var reference = (await portal.LoadRequestAsync(submitted)).ReferenceNumber!;

        var all = await sme.Client.GetPageAsync("/Requests");
        var rows = all.QuerySelectorAll("#requests-table tbody tr");
        Assert.Equal(3, rows.Length);
        Assert.Equal(withdrawn.ToString(), rows[0].GetAttribute("data-request-id")); // newest updated first
        Assert.DoesNotContain(foreign.ToString(), all.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal($"/Requests/Edit/{draft}", all.QuerySelector($"tr[data-request-id='{draft}'] a")!.GetAttribute("href"));
        Assert.Equal($"/Requests/Details/{submitted}", all.QuerySelector($"tr[data-request-id='{submitted}'] a")!.GetAttribute("href"));
        var submittedRow = all.QuerySelector($"tr[data-request-id='{submitted}']")!.TextContent;
        Assert.Contains(reference, submittedRow, StringComparison.Ordinal);
        Assert.Contains("한국화학연구원", submittedRow, StringComparison.Ordinal);
        Assert.Contains("KST", submittedRow, StringComparison.Ordinal);
        Assert.Equal("Submitted", all.QuerySelector($"tr[data-request-id='{submitted}'] .badge")!.GetAttribute("data-status"));
        Assert.NotNull(all.QuerySelector("label[for=filter-status]"));
        Assert.NotNull(all.QuerySelector("label[for=filter-q]"));

        Assert.Equal([submitted.ToString()], Ids(await sme.Client.GetPageAsync("/Requests?status=open")));
        Assert.Equal([draft.ToString()], Ids(await sme.Client.GetPageAsync("/Requests?status=Draft")));
        Assert.Equal([withdrawn.ToString()], Ids(await sme.Client.GetPageAsync("/Requests?q=CCUS")));
        Assert.Equal([submitted.ToString()], Ids(await sme.Client.GetPageAsync("/Requests?q=" + reference[4..])));
        Assert.Empty(Ids(await sme.Client.GetPageAsync("/Requests?q=" + Uri.EscapeDataString("다른 회사"))));
        Assert.Empty(Ids(await sme.Client.GetPageAsync("/Requests?q=%25")));
        Assert.Equal(3, Ids(await sme.Client.GetPageAsync("/Requests?status=nonsense")).Count);
    }

    [Fact]
    public async Task The_list_pages_by_20_and_odd_page_numbers_or_long_searches_are_no_error()
    {
        var sme = await portal.SignInNewSmeAsync();
        for (var i = 0; i < 23; i++)
        {
            await TestRequests.CreateCompleteDraftAsync(portal.Services, sme.CompanyId, sme.UserId, $"초안 {i:D2}");
        }

        var first = await sme.Client.GetPageAsync("/Requests");
        var second = await sme.Client.GetPageAsync("/Requests?p=2");
        var beyond = await sme.Client.GetPageAsync("/Requests?p=999999");
        var negative = await sme.Client.GetPageAsync("/Requests?p=-3");
        await sme.Client.GetPageAsync("/Requests?p=abc");
        var longSearch = await sme.Client.GetPageAsync("/Requests?q=" + new string('가', 500) + "%27%20OR%201=1--");

        Assert.Equal(20, Ids(first).Count);
        Assert.Equal(3, Ids(second).Count);
        Assert.Empty(Ids(first).Intersect(Ids(second)));
        Assert.Equal(Ids(second), Ids(beyond));
        Assert.Equal(Ids(first), Ids(negative));
        Assert.Equal("page", first.QuerySelector(".pagination .active a")!.GetAttribute("aria-current"));
        Assert.NotNull(longSearch.QuerySelector("[data-testid=requests-empty]"));
    }

    private static List<string> Ids(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#requests-table tbody tr").Select(r => r.GetAttribute("data-request-id")!)];
}
