using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using MiniExcelLibs;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The lists' exports (SME requests, the coordinator's queue, the partner registry): the rows of the page, headers in the reader's language.</summary>
public sealed class ListExportTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_companys_requests_and_the_institutes_queue_export_the_rows_the_pages_show()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var user = await portal.FindUserAsync(email);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var titles = new List<string>();
        foreach (var (status, i) in new[] { RequestStatus.Submitted, RequestStatus.InReview, RequestStatus.Matching }.Select((s, i) => (s, i)))
        {
            var title = $"=수출 시험 {tag} {i}";
            titles.Add(title);
            await TestRequests.CreateInStateAsync(portal.Services, companyId, user!.Id, status, title);
        }

        using var sme = portal.CreatePortalClient();
        await sme.SignInAsync(email);
        var page = await sme.GetPageAsync("/Requests?status=open");
        foreach (var title in titles)
        {
            Assert.Contains(title, page.Body!.TextContent, StringComparison.Ordinal);
        }

        var csv = await sme.Http.GetStringAsync("/Requests?handler=Export&format=csv&status=open");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("상태,진행 중 전체", lines[0]);
        Assert.StartsWith("접수 번호,요청 제목,상태", lines[2], StringComparison.Ordinal);
        // A title starting with "=" is written as text, never as a spreadsheet formula.
        Assert.Equal(titles.Select(t => "'" + t).Order(StringComparer.Ordinal), lines.Skip(3).Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal));

        var xlsx = await sme.Http.GetByteArrayAsync("/Requests?handler=Export&format=xlsx&status=open&culture=en");
        await using (var stream = new MemoryStream(xlsx))
        {
            var rows = stream.Query(useHeaderRow: true, sheetName: "My requests").Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(titles.Order(StringComparer.Ordinal), rows.Select(r => (string)r["Request title"]).Order(StringComparer.Ordinal));
        }

        using var coordinator = portal.CreatePortalClient();
        await coordinator.SignInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        var queue = await coordinator.GetPageAsync("/Coordination?status=all&role=lead");
        var shown = queue.QuerySelectorAll("tr[data-request-id]").Length;
        Assert.True(shown >= 3);
        var queueXlsx = await coordinator.Http.GetByteArrayAsync("/Coordination?handler=Export&format=xlsx&status=all&role=lead");
        await using (var stream = new MemoryStream(queueXlsx))
        {
            var rows = stream.Query(useHeaderRow: true, sheetName: "검토 대기열").Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(shown, rows.Count);
            Assert.All(titles, t => Assert.Contains(rows, r => (string)r["요청 제목"] == t && (string)r["우리 기관의 역할"] == "주관"));
        }

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await coordinator.Http.GetAsync("/Coordination?handler=Export&format=exe")).StatusCode);
    }

    [Fact]
    public async Task The_partner_registry_exports_to_xlsx_with_names_in_the_readers_language()
    {
        using var coordinator = portal.CreatePortalClient();
        await coordinator.SignInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM"));
        var name = "Export Test Institute " + Guid.NewGuid().ToString("N")[..6];
        await portal.AddPartnerAsync(PartnerWebSupport.Data(PartnerWebSupport.NewId(), name, null, "DE"), "KIMM");

        var xlsx = await coordinator.Http.GetByteArrayAsync("/Partners/Export?format=xlsx&q=" + Uri.EscapeDataString(name));
        await using var stream = new MemoryStream(xlsx);
        var rows = stream.Query(useHeaderRow: true, sheetName: "해외 협력 후보기관").Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal(name, row["기관명(공식)"]);
        Assert.Equal("독일", row["국가"]);
    }
}
