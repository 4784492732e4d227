using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class PartnerImportTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static byte[] Csv(params OverseasPartnerData[] rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        PartnerCsv.Write(writer, rows);
        return Encoding.UTF8.GetBytes(writer.ToString());
    }

    /// <summary>Posts the upload form as a browser does: multipart, with the form's antiforgery token.</summary>
    private static async Task<IHtmlDocument> UploadAsync(PortalClient client, byte[] file, string fileName = "partners.csv", HttpStatusCode expected = HttpStatusCode.OK)
    {
        var page = await client.GetPageAsync("/Partners/Import");
        var form = page.QuerySelector<IHtmlFormElement>("#import-upload-form")!;
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
        };
        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(fileContent, "Upload", fileName);
        using var response = await client.Http.PostAsync(new Uri(new Uri(page.Url), form.GetAttribute("action")), content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, html.Length > 1500 ? html[..1500] : html);
        return await PortalClient.ParseAsync(html, response.RequestMessage!.RequestUri!);
    }

    private static int Count(IHtmlDocument page, string testId) => int.Parse(page.QuerySelector($"[data-testid={testId}]")!.TextContent, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_coordinator_uploads_previews_and_applies_a_partner_file()
    {
        var tag = PartnerWebSupport.NewId();
        await portal.AddPartnerAsync(PartnerWebSupport.Data(tag + "-old"), "KRICT");
        using var client = await portal.SignInStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var file = Csv(PartnerWebSupport.Data(tag + "-old", "University of Calgary (renamed)"), PartnerWebSupport.Data(tag + "-new", "Brand New Institute", "새 연구소", "DE", "research_institute"));

        var preview = await UploadAsync(client, file, "목록.csv");

        Assert.Equal((2, 1, 1, 0), (Count(preview, "import-records"), Count(preview, "import-adds"), Count(preview, "import-changes"), Count(preview, "import-bad-rows")));
        Assert.Contains("목록.csv", preview.QuerySelector("[data-testid=import-summary]")!.TextContent, StringComparison.Ordinal);
        var change = preview.QuerySelector("#import-rows tr[data-kind=Change]")!;
        Assert.Contains("University of Calgary", change.QuerySelector("del")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("University of Calgary (renamed)", change.QuerySelector("ins")!.TextContent);
        Assert.Equal("col", preview.QuerySelector("#import-rows thead th")!.GetAttribute("scope"));
        Assert.Null(await portal.FindPartnerAsync(tag + "-new"));

        var applied = await client.SubmitForPageAsync(preview, "#import-apply-form", new Dictionary<string, string?>());

        Assert.Contains("추가 1, 변경 1", applied.QuerySelector("[data-testid=import-outcome]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(applied.QuerySelector("[data-testid=import-applied-at]"));
        Assert.Null(applied.QuerySelector("#import-apply-form"));
        Assert.Equal("KRICT", (await portal.FindPartnerAsync(tag + "-new"))!.OwnerOrganizationCode);
        Assert.Equal("University of Calgary (renamed)", (await portal.FindPartnerAsync(tag + "-old"))!.Name);

        // Posting the same apply form again (back button, resend): refused with a clear message, nothing applied twice.
        var again = await client.SubmitForPageAsync(preview, "#import-apply-form", new Dictionary<string, string?>());
        Assert.Contains("이미 적용", again.QuerySelector("[data-testid=import-errors-summary]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_rows_are_listed_with_row_column_and_reason_and_nothing_is_applied_unless_skipped()
    {
        var tag = PartnerWebSupport.NewId();
        using var client = await portal.SignInStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var file = Csv(PartnerWebSupport.Data(tag + "-1"), PartnerWebSupport.Data(tag + "-2") with { CountryCode = "ZZ" }, PartnerWebSupport.Data(tag + "-3") with { TrlMin = 8, TrlMax = 2 });

        var preview = await UploadAsync(client, file);
        var errors = preview.QuerySelectorAll("#import-errors tbody tr").Select(tr => (tr.GetAttribute("data-row"), tr.GetAttribute("data-column"))).ToList();
        var refused = await client.SubmitForPageAsync(preview, "#import-apply-form", new Dictionary<string, string?>());

        Assert.Equal([("3", "country"), ("4", "trl_max")], errors);
        Assert.Contains("ZZ", preview.QuerySelector("#import-errors tbody tr")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("skipBadRows", preview.QuerySelector("label[for=skipBadRows]")!.GetAttribute("for"));
        Assert.Contains("아무것도 반영하지 않았습니다", refused.QuerySelector("[data-testid=import-errors-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await portal.FindPartnerAsync(tag + "-1"));

        var skipped = await client.SubmitForPageAsync(refused, "#import-apply-form", new Dictionary<string, string?> { ["skipBadRows"] = "true" });
        Assert.Contains("건너뛴 오류 행 2", skipped.QuerySelector("[data-testid=import-outcome]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(await portal.FindPartnerAsync(tag + "-1"));
        Assert.Null(await portal.FindPartnerAsync(tag + "-2"));
    }

    [Fact]
    public async Task The_error_report_is_in_English_for_an_English_user_interface()
    {
        using var client = await portal.SignInStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var uploaded = await UploadAsync(client, Encoding.UTF8.GetBytes("external_id,name\r\nX-1,Only a name\r\n"));

        var preview = await client.GetPageAsync(new Uri(uploaded.Url).PathAndQuery + "&culture=en");

        var first = preview.QuerySelector("#import-errors tbody tr")!;
        Assert.Equal(("1", "Csv.MissingColumn"), (first.GetAttribute("data-row"), first.GetAttribute("data-code")));
        Assert.Equal("Row", preview.QuerySelector("#import-errors thead th")!.TextContent);
        var reason = first.QuerySelectorAll("td")[1].TextContent;
        Assert.DoesNotContain("Csv.", reason, StringComparison.Ordinal);
        Assert.DoesNotMatch("[가-힣]", reason);
    }

    [Fact]
    public async Task An_empty_upload_is_a_field_error_and_another_users_preview_is_not_found()
    {
        using var client = await portal.SignInStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        using var other = await portal.SignInStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");

        var empty = await UploadAsync(client, []);
        var preview = await UploadAsync(client, Csv(PartnerWebSupport.Data(PartnerWebSupport.NewId())));

        Assert.Equal("가져올 CSV 파일을 선택해 주세요.", PortalClient.FieldError(empty, "Upload"));
        Assert.Contains("Upload-error", empty.QuerySelector("#Upload")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        await other.GetPageAsync(new Uri(preview.Url).PathAndQuery, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_export_is_the_filtered_registry_as_an_Excel_friendly_csv_that_imports_unchanged()
    {
        var tag = PartnerWebSupport.NewId();
        await portal.AddPartnerAsync(PartnerWebSupport.Data(tag + "-1", $"Export Test {tag}") with { Description = "줄 하나,\n\"둘\"" }, "KRICT");
        await portal.AddPartnerAsync(PartnerWebSupport.Data(tag + "-2", $"Export Test {tag} US", country: "US"), "KRICT");
        using var client = await portal.SignInStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var list = await client.GetPageAsync($"/Partners?q={tag}&country=CA");

        using var response = await client.Http.GetAsync(list.QuerySelector("[data-testid=export-partners]")!.GetAttribute("href"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"partners-{KoreaTime.Today(TimeProvider.System):yyyyMMdd}.csv", response.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition.DispositionType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal(string.Join(',', PartnerCsv.Columns), lines[0]);
        Assert.StartsWith(tag + "-1,", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"줄 하나,\n\"\"둘\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains(tag + "-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(tag + "-2", text, StringComparison.Ordinal);

        var preview = await UploadAsync(client, bytes, "partners.csv");
        Assert.Equal((1, 0, 0, 0), (Count(preview, "import-records"), Count(preview, "import-adds"), Count(preview, "import-changes"), Count(preview, "import-bad-rows")));
        Assert.Equal(1, Count(preview, "import-unchanged"));
    }
}
