using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Contact persons with PIPA consent: the notice in full, the records, withdrawal, removal, other companies.</summary>
public sealed class CompanyContactsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static Dictionary<string, string?> Person(bool collection = true, bool transfer = false)
    {
        var values = new Dictionary<string, string?>
        {
            ["Input.Name"] = "김담당",
            ["Input.Department"] = "연구소",
            ["Input.Position"] = "책임연구원",
            ["Input.Email"] = "kim@example.com",
            ["Input.Phone"] = "02-123-4567",
        };
        if (collection)
        {
            values["Input.CollectionConsent"] = "true";
        }

        if (transfer)
        {
            values["Input.TransferConsent"] = "true";
        }

        return values;
    }

    private async Task<(PortalClient Client, Guid CompanyId)> SignedInAsync()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        return (client, companyId);
    }

    private Task<List<ContactConsent>> ConsentsAsync(Guid companyId) => portal.WithServiceAsync(sp =>
        sp.GetRequiredService<ConsortiumDbContext>().ContactConsents.AsNoTracking()
            .Where(c => sp.GetRequiredService<ConsortiumDbContext>().ContactPersons.Any(p => p.Id == c.ContactPersonId && p.CompanyId == companyId))
            .OrderBy(c => c.RecordedAt).ToListAsync());

    private Task<int> PeopleAsync(Guid companyId) => portal.WithServiceAsync(sp =>
        sp.GetRequiredService<ConsortiumDbContext>().ContactPersons.CountAsync(p => p.CompanyId == companyId && p.RemovedAt == null));

    [Fact]
    public async Task The_form_shows_both_notices_in_full_before_their_checkboxes()
    {
        var (client, _) = await SignedInAsync();
        using var _client = client;

        var form = await client.GetPageAsync("/Company/Contacts/Edit");

        var collection = form.QuerySelector("[data-testid=collection-notice]")!.TextContent;
        foreach (var part in new[] { "수집·이용 목적", "기술협력 수요의 상담", "수집 항목", "이름, 부서, 직위", "보유", "동의를 거부할 권리", "등록할 수 없으며", "2026-11" })
        {
            Assert.Contains(part, collection, StringComparison.Ordinal);
        }

        var transfer = form.QuerySelector("[data-testid=transfer-notice]")!.TextContent;
        foreach (var part in new[] { "국외 이전", "제공받는 자", "해외 협력 후보기관", "이전 국가", "최대 3년", "거부해도", "2026-11" })
        {
            Assert.Contains(part, transfer, StringComparison.Ordinal);
        }

        var boxes = form.QuerySelectorAll<IHtmlInputElement>("input[type=checkbox]").ToList();
        Assert.Equal(["Input.CollectionConsent", "Input.TransferConsent"], boxes.Select(b => b.Name));
        Assert.All(boxes, b => Assert.False(b.IsChecked));
        Assert.All(boxes, b => Assert.NotNull(form.QuerySelector($"label[for='{b.Id}']")));
        Assert.Equal(3, form.QuerySelectorAll("fieldset legend").Length);
        Assert.True(collection.Length > 100);

        var english = await client.GetPageAsync("/Company/Contacts/Edit?culture=en");
        Assert.Contains("Recipients: the overseas partner institutions", english.QuerySelector("[data-testid=transfer-notice]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_a_person_with_consent_records_the_texts_shown_and_lists_the_person()
    {
        var (client, companyId) = await SignedInAsync();
        using var _client = client;

        var list = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", Person(transfer: true));

        Assert.EndsWith("/Company/Contacts", list.Url, StringComparison.Ordinal);
        Assert.Equal("담당자를 추가했습니다.", list.QuerySelector("[role=status]")!.TextContent.Trim());
        var row = list.QuerySelector("[data-testid=contacts] tbody tr")!;
        Assert.Contains("김담당", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("kim@example.com", row.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^동의 \d{4}-\d{2}-\d{2} \d{2}:\d{2} KST \(동의서 버전 2026-11\)$", row.QuerySelector("[data-testid=collection-consent]")!.TextContent.Trim());
        Assert.StartsWith("동의 ", row.QuerySelector("[data-testid=transfer-consent]")!.TextContent.Trim(), StringComparison.Ordinal);

        var consents = await ConsentsAsync(companyId);
        Assert.Equal([ConsentKind.Collection, ConsentKind.OverseasTransfer], consents.Select(c => c.Kind).Order());
        var recorded = consents.Single(c => c.Kind == ConsentKind.Collection);
        Assert.Equal("기술협력 수요의 상담·검토·진행 상황 안내를 위한 연락", recorded.Purpose);
        Assert.Equal("이름, 부서, 직위, 이메일 주소, 전화번호", recorded.Items);
        Assert.Equal("2026-11", recorded.TextVersion);
        Assert.Equal("ko", recorded.Culture);
        Assert.Contains("제공받는 자", consents.Single(c => c.Kind == ConsentKind.OverseasTransfer).Purpose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_collection_consent_nobody_is_added()
    {
        var (client, companyId) = await SignedInAsync();
        using var _client = client;

        var page = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", Person(collection: false, transfer: true));

        Assert.Contains("수집·이용 동의가 있어야", PortalClient.FieldError(page, "Input.CollectionConsent"), StringComparison.Ordinal);
        Assert.Equal("김담당", page.QuerySelector<IHtmlInputElement>("#Input_Name")!.Value);
        Assert.Equal(0, await PeopleAsync(companyId));
        Assert.Empty(await ConsentsAsync(companyId));
    }

    [Theory]
    [InlineData("Input.Name", "", "이름: 필수 입력 항목입니다.")]
    [InlineData("Input.Name", "<script>alert(1)</script>", "<, > 기호")]
    [InlineData("Input.Name", "김\uD800담당", "깨진 문자")]
    [InlineData("Input.Department", "연구소\u0007", "<, > 기호나 제어 문자")]
    [InlineData("Input.Position", "<b>팀장</b>", "<, > 기호")]
    [InlineData("Input.Email", "", "이메일: 필수 입력 항목입니다.")]
    [InlineData("Input.Email", "not-an-address", "올바른 이메일 주소 형식이 아닙니다")]
    [InlineData("Input.Email", "<script>x</script>@example.com", "올바른 이메일 주소")]
    [InlineData("Input.Phone", "call me maybe", "숫자와 +, -, 괄호, 공백만")]
    [InlineData("Input.Phone", "' OR 1=1 --", "숫자와 +, -, 괄호, 공백만")]
    public async Task Bad_input_on_the_contact_form_is_a_field_message_and_saves_nothing(string field, string value, string message)
    {
        var (client, companyId) = await SignedInAsync();
        using var _client = client;
        var values = Person(transfer: true);
        values[field] = value;

        var page = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", values);

        Assert.Contains(message, PortalClient.FieldError(page, field), StringComparison.Ordinal);
        Assert.Equal(0, await PeopleAsync(companyId));
    }

    [Theory]
    [InlineData("Input.Name", 101, "100자 이하")]
    [InlineData("Input.Department", 101, "100자 이하")]
    [InlineData("Input.Email", 255, "254자 이하")]
    [InlineData("Input.Phone", 31, "30자 이하")]
    public async Task Too_long_input_on_the_contact_form_is_a_field_message(string field, int length, string message)
    {
        var (client, companyId) = await SignedInAsync();
        using var _client = client;
        var values = Person();
        values[field] = field == "Input.Email" ? new string('a', length - 12) + "@example.com" : field == "Input.Phone" ? new string('1', length) : new string('가', length);

        var page = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", values);

        Assert.Contains(message, PortalClient.FieldError(page, field), StringComparison.Ordinal);
        Assert.Equal(0, await PeopleAsync(companyId));
    }

    [Fact]
    public async Task Editing_withdrawing_and_removing_are_recorded()
    {
        var (client, companyId) = await SignedInAsync();
        using var _client = client;
        var list = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", Person());
        Assert.StartsWith("동의하지 않음", list.QuerySelector("[data-testid=transfer-consent]")!.TextContent.Trim(), StringComparison.Ordinal);
        var editUrl = list.QuerySelector<IHtmlAnchorElement>("[data-testid=contacts] a[href*='/Company/Contacts/Edit/']")!.GetAttribute("href")!;

        // Edit: new e-mail, bad input first, then consent to transfer.
        var form = await client.GetPageAsync(editUrl);
        Assert.NotNull(form.QuerySelector("[data-testid=collection-recorded]"));
        Assert.Null(form.QuerySelector("input[name='Input.CollectionConsent']"));
        var bad = await client.SubmitForPageAsync(form, "#contact-form", new Dictionary<string, string?> { ["Input.Email"] = "nope" });
        Assert.Contains("올바른 이메일 주소", PortalClient.FieldError(bad, "Input.Email"), StringComparison.Ordinal);
        var edited = await client.SubmitForPageAsync(form, "#contact-form", new Dictionary<string, string?> { ["Input.Email"] = "kim.new@example.com", ["Input.TransferConsent"] = "true" });
        Assert.Equal("담당자 정보를 저장했습니다.", edited.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Contains("kim.new@example.com", edited.QuerySelector("[data-testid=contacts]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("동의 ", edited.QuerySelector("[data-testid=transfer-consent]")!.TextContent.Trim(), StringComparison.Ordinal);

        // Withdraw the transfer consent.
        var withdrawn = await client.SubmitForPageAsync(edited, ".withdraw-form", new Dictionary<string, string?>());
        Assert.Equal("국외 이전 동의 철회를 기록했습니다.", withdrawn.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.StartsWith("동의하지 않음", withdrawn.QuerySelector("[data-testid=transfer-consent]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(withdrawn.QuerySelector(".withdraw-form"));
        Assert.Equal([false, true, false], (await ConsentsAsync(companyId)).Where(c => c.Kind == ConsentKind.OverseasTransfer).Select(c => c.Granted));

        // Remove: only with the confirmation ticked; then personal data blanked, consent history kept.
        var unconfirmed = await client.SubmitForPageAsync(withdrawn, ".remove-form", new Dictionary<string, string?>());
        Assert.Contains("확인란을 선택", unconfirmed.QuerySelector("[data-testid=form-level-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await PeopleAsync(companyId));
        var removed = await client.SubmitForPageAsync(withdrawn, ".remove-form", new Dictionary<string, string?> { ["confirm"] = "true" });
        Assert.Equal("담당자를 삭제했습니다. 동의 기록은 보관됩니다.", removed.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.NotNull(removed.QuerySelector("[data-testid=no-contacts]"));
        Assert.Equal(4, (await ConsentsAsync(companyId)).Count);
        var audit = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries
            .Where(a => a.EntityType == "ContactPerson").Select(a => a.Action).ToListAsync());
        Assert.Contains("Contact.Created", audit);
        Assert.Contains("Contact.Updated", audit);
        Assert.Contains("Contact.TransferConsentWithdrawn", audit);
        Assert.Contains("Contact.Removed", audit);
        await client.GetPageAsync(editUrl, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_person_named_by_an_open_request_cannot_be_removed()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var user = (await portal.FindUserAsync(email))!;
        await TestRequests.CreateInStateAsync(portal.Services, companyId, user.Id, RequestStatus.Submitted);
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var list = await client.GetPageAsync("/Company/Contacts");

        var refused = await client.SubmitForPageAsync(list, ".remove-form", new Dictionary<string, string?> { ["confirm"] = "true" });

        Assert.Contains("진행 중인 기술협력 수요의 담당자", refused.QuerySelector("[data-testid=form-level-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await PeopleAsync(companyId));
    }

    [Fact]
    public async Task After_a_conflict_the_saved_values_are_shown_and_saving_again_succeeds()
    {
        var (client, companyId) = await SignedInAsync();
        using var _client = client;
        var list = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", Person());
        var editUrl = list.QuerySelector<IHtmlAnchorElement>("[data-testid=contacts] a[href*='/Company/Contacts/Edit/']")!.GetAttribute("href")!;
        var mine = await client.GetPageAsync(editUrl);
        var colleagues = await client.GetPageAsync(editUrl);
        await client.SubmitForPageAsync(colleagues, "#contact-form", new Dictionary<string, string?> { ["Input.Email"] = "colleague@example.com" });

        var conflict = await client.SubmitForPageAsync(mine, "#contact-form", new Dictionary<string, string?> { ["Input.Email"] = "mine@example.com" });

        Assert.Contains("다른 사용자가 이 담당자 정보를 저장했습니다", conflict.QuerySelector("[data-testid=form-level-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("colleague@example.com", conflict.QuerySelector("[data-testid=conflict-saved] [data-testid=saved-email]")!.TextContent);
        Assert.Equal("김담당", conflict.QuerySelector("[data-testid=conflict-saved] [data-testid=saved-name]")!.TextContent);
        Assert.StartsWith("동의하지 않음", conflict.QuerySelector("[data-testid=saved-transfer]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("mine@example.com", conflict.QuerySelector<IHtmlInputElement>("#Input_Email")!.Value);
        var saved = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().ContactPersons.AsNoTracking()
            .SingleAsync(p => p.CompanyId == companyId && p.RemovedAt == null));
        Assert.Equal(saved.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            conflict.QuerySelector<IHtmlInputElement>("input[name='Input.Version']")!.Value);

        var again = await client.SubmitForPageAsync(conflict, "#contact-form", new Dictionary<string, string?>());

        Assert.EndsWith("/Company/Contacts", again.Url, StringComparison.Ordinal);
        Assert.Equal("담당자 정보를 저장했습니다.", again.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal("mine@example.com", (await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().ContactPersons.AsNoTracking()
            .SingleAsync(p => p.CompanyId == companyId && p.RemovedAt == null))).Email);
    }

    /// <summary>The "contact details may go abroad" answer on the request page.</summary>
    private static string SharingShown(IDocument requestPage) =>
        requestPage.QuerySelectorAll("dt").Single(dt => dt.TextContent.Trim() == "해외 후보기관에 담당자 연락처 제공 동의").NextElementSibling!.TextContent.Trim();

    [Fact]
    public async Task Withdrawing_the_transfer_consent_stops_the_sharing_on_a_submitted_request()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var user = (await portal.FindUserAsync(email))!;
        var id = await TestRequests.CreateInStateAsync(portal.Services, companyId, user.Id, RequestStatus.Submitted);
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        Assert.Equal("예", SharingShown(await client.GetPageAsync($"/Requests/Details/{id}")));

        var withdrawn = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Contacts"), ".withdraw-form", new Dictionary<string, string?>());

        Assert.Equal("국외 이전 동의 철회를 기록했습니다.", withdrawn.QuerySelector("[role=status]")!.TextContent.Trim());
        var request = await client.GetPageAsync($"/Requests/Details/{id}");
        Assert.Equal("아니요", SharingShown(request));
        Assert.Equal("Submitted", request.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        var audit = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .CountAsync(a => a.Action == "Request.ContactSharingStopped" && a.EntityId == id.ToString()));
        Assert.Equal(1, audit);
    }

    [Fact]
    public async Task Saving_the_person_with_the_transfer_box_unticked_stops_the_sharing_on_a_request_in_review()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var user = (await portal.FindUserAsync(email))!;
        var id = await TestRequests.CreateInStateAsync(portal.Services, companyId, user.Id, RequestStatus.InReview);
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var list = await client.GetPageAsync("/Company/Contacts");
        var form = await client.GetPageAsync(list.QuerySelector<IHtmlAnchorElement>("[data-testid=contacts] a[href*='/Company/Contacts/Edit/']")!.GetAttribute("href")!);
        Assert.True(form.QuerySelector<IHtmlInputElement>("input[name='Input.TransferConsent']")!.IsChecked);

        var saved = await client.SubmitForPageAsync(form, "#contact-form", new Dictionary<string, string?> { ["Input.TransferConsent"] = null });

        Assert.Equal("담당자 정보를 저장했습니다.", saved.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.StartsWith("동의하지 않음", saved.QuerySelector("[data-testid=transfer-consent]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("아니요", SharingShown(await client.GetPageAsync($"/Requests/Details/{id}")));
    }

    [Fact]
    public async Task Company_B_gets_404_for_company_As_contact_person()
    {
        var (clientA, companyA) = await SignedInAsync();
        using var _a = clientA;
        var (clientB, companyB) = await SignedInAsync();
        using var _b = clientB;
        var listA = await clientA.SubmitForPageAsync(await clientA.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", Person(transfer: true));
        var idA = listA.QuerySelector("[data-testid=contacts] tbody tr")!.GetAttribute("data-contact-id")!;

        await clientB.GetPageAsync($"/Company/Contacts/Edit/{idA}", HttpStatusCode.NotFound);
        await clientB.GetPageAsync($"/Company/Contacts/Edit/{Guid.NewGuid()}", HttpStatusCode.NotFound);

        // B's own page and form tokens, A's id.
        var listB = await clientB.SubmitForPageAsync(await clientB.GetPageAsync("/Company/Contacts/Edit"), "#contact-form", Person(transfer: true));
        var editB = await clientB.GetPageAsync($"/Company/Contacts/Edit/{listB.QuerySelector("[data-testid=contacts] tbody tr")!.GetAttribute("data-contact-id")}");
        editB.QuerySelector("#contact-form")!.SetAttribute("action", $"/Company/Contacts/Edit/{idA}");
        using (var post = await clientB.SubmitAsync(editB, "#contact-form", new Dictionary<string, string?> { ["Input.Name"] = "탈취" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        foreach (var handler in new[] { "Withdraw", "Remove" })
        {
            var form = listB.QuerySelector($".{handler.ToLowerInvariant()}-form")!;
            form.SetAttribute("action", $"/Company/Contacts?id={idA}&handler={handler}");
            using var response = await clientB.SubmitAsync(listB, $".{handler.ToLowerInvariant()}-form", new Dictionary<string, string?>());
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var stillA = await clientA.GetPageAsync("/Company/Contacts");
        Assert.Contains("김담당", stillA.QuerySelector("[data-testid=contacts]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("동의 ", stillA.QuerySelector("[data-testid=transfer-consent]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotEqual(companyA, companyB);
    }
}
