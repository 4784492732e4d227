using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

internal static class CoordinationPageHelpers
{
    /// <summary>A coordinator of the institute, signed in.</summary>
    public static async Task<PortalClient> SignInCoordinatorAsync(this PortalFactory portal, string organization)
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, organization);
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        return client;
    }

    /// <summary>Makes the request wait exactly that many business days in its status (KST, holidays excluded).</summary>
    public static Task SetWaitingAsync(this PortalFactory portal, Guid requestId, int businessDays) =>
        portal.WithServiceAsync(async sp =>
        {
            var day = KoreanBusinessDays.NthBusinessDayBack(KoreaTime.Today(TimeProvider.System), businessDays + 1);
            var at = KoreanBusinessDays.StartOfDayKst(day).AddHours(10);
            return await sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == requestId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusChangedAt, at));
        });
}

public sealed class CoordinationQueueTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_lead_and_the_contributor_see_the_request_in_their_queue_with_a_link_to_the_review_and_another_institute_does_not()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted, "큐 표시 확인 수요");
        var krict = await portal.SignInCoordinatorAsync("KRICT");
        var etri = await portal.SignInCoordinatorAsync("ETRI");
        var kimm = await portal.SignInCoordinatorAsync("KIMM");

        var leadPage = await krict.GetPageAsync("/Coordination");
        var contributorPage = await etri.GetPageAsync("/Coordination");
        var otherPage = await kimm.GetPageAsync("/Coordination");

        var row = leadPage.QuerySelector($"#queue-table tr[data-request-id='{id}']")!;
        Assert.NotNull(row);
        Assert.Equal($"/Coordination/Request/{id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("큐 표시 확인 수요", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("영업일", row.QuerySelector("[data-testid=waiting-days]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("주관", row.QuerySelector("[data-testid=role]")!.TextContent);
        Assert.Contains("캐나다", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("메탄", row.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(leadPage.QuerySelector("#queue-table caption")!.TextContent));
        Assert.Contains("5영업일", leadPage.QuerySelector("[data-testid=queue-legend]")!.TextContent, StringComparison.Ordinal);
        var contributorRow = contributorPage.QuerySelector($"tr[data-request-id='{id}']")!;
        Assert.Equal("협력", contributorRow.QuerySelector("[data-testid=role]")!.TextContent);
        Assert.Contains("한국화학연구원", contributorRow.TextContent, StringComparison.Ordinal);
        Assert.Null(otherPage.QuerySelector($"tr[data-request-id='{id}']"));
    }

    [Fact]
    public async Task Every_filter_has_a_label_and_the_filters_narrow_the_queue()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.InReview, "필터 확인 수요");
        var krict = await portal.SignInCoordinatorAsync("KRICT");
        var page = await krict.GetPageAsync("/Coordination");

        foreach (var select in page.QuerySelectorAll("#queue-filter select"))
        {
            Assert.NotNull(page.QuerySelector($"label[for='{select.Id}']"));
        }

        Assert.NotEmpty(page.QuerySelectorAll("#filter-tech optgroup"));
        async Task<bool> ShownAsync(string query) =>
            (await krict.GetPageAsync("/Coordination?" + query)).QuerySelector($"tr[data-request-id='{id}']") is not null;

        Assert.True(await ShownAsync("country=CA"));
        Assert.False(await ShownAsync("country=DE"));
        Assert.True(await ShownAsync("tech=CCUS"));
        Assert.True(await ShownAsync("tech=CCUS.METHANE"));
        Assert.False(await ShownAsync("tech=H2"));
        Assert.True(await ShownAsync("sector=PETROCHEMICAL"));
        Assert.False(await ShownAsync("sector=MACHINERY"));
        Assert.True(await ShownAsync("status=InReview"));
        Assert.False(await ShownAsync("status=Submitted"));
        Assert.True(await ShownAsync("role=lead"));
        Assert.False(await ShownAsync("role=contributor"));
        Assert.False(await ShownAsync("age=10"));
        await portal.SetWaitingAsync(id, 12);
        Assert.True(await ShownAsync("age=10"));

        // Nonsense in the query string is ignored, never an error page.
        Assert.True(await ShownAsync("status=%3Cscript%3E&sector=%00&tech=x&country=%EF%BF%BD&age=-1&role=boss&p=-5"));

        // The form is a GET form: its fields, as a browser would put them in the address, with a country chosen.
        var form = page.QuerySelector("#queue-filter")!;
        Assert.Equal("get", form.GetAttribute("method"));
        var query = string.Join("&", form.QuerySelectorAll("select").Select(select =>
            select.GetAttribute("name") + "=" + Uri.EscapeDataString(select.GetAttribute("name") == "country" ? "DE" : ((AngleSharp.Html.Dom.IHtmlSelectElement)select).Value ?? "")));
        var filtered = await krict.GetPageAsync("/Coordination?" + query);
        Assert.Equal("DE", ((AngleSharp.Html.Dom.IHtmlSelectElement)filtered.QuerySelector("#filter-country")!).Value);
        Assert.Null(filtered.QuerySelector($"tr[data-request-id='{id}']"));
    }

    [Fact]
    public async Task A_request_waiting_on_the_institute_over_five_business_days_carries_an_overdue_badge_in_words()
    {
        var sme = await portal.SignInNewSmeAsync();
        var late = await portal.RequestInStateAsync(sme, RequestStatus.Submitted, "오래 기다린 수요");
        var recent = await portal.RequestInStateAsync(sme, RequestStatus.Submitted, "최근 수요");
        await portal.SetWaitingAsync(late, 7);
        await portal.SetWaitingAsync(recent, 1);
        var krict = await portal.SignInCoordinatorAsync("KRICT");

        var page = await krict.GetPageAsync("/Coordination?age=5");

        var lateRow = page.QuerySelector($"tr[data-request-id='{late}']")!;
        Assert.Equal("기한 초과", lateRow.QuerySelector("[data-testid=overdue-badge]")!.TextContent);
        Assert.Contains("7영업일", lateRow.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"tr[data-request-id='{recent}']"));
        var all = await krict.GetPageAsync("/Coordination");
        Assert.Null(all.QuerySelector($"tr[data-request-id='{recent}'] [data-testid=overdue-badge]"));

        // Oldest first.
        var order = all.QuerySelectorAll("#queue-table tbody tr").Select(tr => tr.GetAttribute("data-request-id")).ToList();
        Assert.True(order.IndexOf(late.ToString()) < order.IndexOf(recent.ToString()));
    }

    [Fact]
    public async Task An_institute_with_nothing_assigned_sees_the_empty_state()
    {
        var keti = await portal.SignInCoordinatorAsync("KETI");

        var page = await keti.GetPageAsync("/Coordination");

        Assert.NotNull(page.QuerySelector("[data-testid=queue-empty]"));
        Assert.Null(page.QuerySelector("#queue-table"));
    }

    [Fact]
    public async Task The_queue_is_in_English_for_an_English_interface()
    {
        var keti = await portal.SignInCoordinatorAsync("KETI");

        var page = await keti.GetPageAsync("/Coordination?culture=en");

        Assert.Contains("Institute review queue", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("business days", page.QuerySelector("[data-testid=queue-legend]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Companies_and_admins_are_refused_the_coordination_pages_and_anonymous_visitors_sent_to_sign_in()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var adminEmail = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        var admin = portal.CreatePortalClient();
        await admin.SignInAsync(adminEmail);
        var smeClient = sme.Client;
        var anonymous = portal.CreatePortalClient(followRedirects: false);

        foreach (var path in new[] { "/Coordination", $"/Coordination/Request/{id}", $"/Coordination/Attachment/{Guid.NewGuid()}" })
        {
            using var bySme = await smeClient.Http.GetAsync(path);
            using var byAdmin = await admin.Http.GetAsync(path);
            using var byAnonymous = await anonymous.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, bySme.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, byAnonymous.StatusCode);
            Assert.Contains("/Identity/Account/Login", byAnonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }
}
