using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Partners and signed-in staff for the registry's web tests.</summary>
internal static class PartnerWebSupport
{
    public static async Task<PortalClient> SignInStaffAsync(this PortalFactory portal, string role, string organization)
    {
        var email = await portal.CreateStaffAsync(role, organization);
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        return client;
    }

    public static OverseasPartnerData Data(string externalId, string name = "University of Calgary", string? nameKo = "캘거리 대학교", string country = "CA",
        string type = "university", string[]? technologies = null, string[]? linked = null) =>
        new(externalId, name, nameKo, country, type, technologies ?? ["CCUS.METHANE"], ["joint_research"], 3, 7, ["메탄", "dry reforming"],
            "Methane conversion and dry reforming catalysts.", "https://www.ucalgary.ca", "partner@example.org", linked ?? ["KRICT"]);

    public static Task<Guid> AddPartnerAsync(this PortalFactory portal, OverseasPartnerData data, string owner) =>
        portal.WithServiceAsync(async sp =>
        {
            var result = await sp.GetRequiredService<PartnerService>().CreateAsync(data, new Actor(null, "코디 " + owner, ActorSide.Institute, owner), default);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
            return result.Value;
        });

    public static Task<OverseasPartner?> FindPartnerAsync(this PortalFactory portal, string externalId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking().FirstOrDefaultAsync(p => p.ExternalId == externalId));

    public static string NewId() => "W" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The antiforgery token of the first form on the page that has one.</summary>
    public static string Token(IHtmlDocument page) =>
        page.QuerySelector<IHtmlInputElement>("form input[name=__RequestVerificationToken]")?.Value ?? throw new InvalidOperationException("No antiforgery token on " + page.Url);

    public static List<string> ExternalIds(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#partners-table tbody tr").Select(tr => tr.GetAttribute("data-external-id")!)];
}

public sealed class PartnerRegistryTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Coordinator = CarbonNeutralConsortium.Domain.Common.PortalRoles.InstituteCoordinator;
    private const string Admin = CarbonNeutralConsortium.Domain.Common.PortalRoles.ConsortiumAdmin;

    [Fact]
    public async Task A_coordinator_lists_filters_and_searches_partners_in_Korean_and_English()
    {
        var tag = PartnerWebSupport.NewId();
        await portal.AddPartnerAsync(PartnerWebSupport.Data(tag + "-cal", $"Calgary Methane Lab {tag}", $"캘거리 메탄 연구실 {tag}"), "KRICT");
        await portal.AddPartnerAsync(PartnerWebSupport.Data(tag + "-nw", $"Northwestern Chemicals {tag}", $"노스웨스턴 화학 {tag}", "US", technologies: ["CCUS.CONVERSION"]), "KRICT");
        using var client = await portal.SignInStaffAsync(Coordinator, "KETI");

        var all = await client.GetPageAsync($"/Partners?q={tag}");
        var korean = await client.GetPageAsync($"/Partners?q={Uri.EscapeDataString("캘거리 메탄 연구실 " + tag)}");
        var english = await client.GetPageAsync($"/Partners?q={Uri.EscapeDataString("northwestern chemicals " + tag)}&culture=en");
        var byCountry = await client.GetPageAsync($"/Partners?q={tag}&country=US");
        var byTechnology = await client.GetPageAsync($"/Partners?q={tag}&tech=CCUS.METHANE");
        var byArea = await client.GetPageAsync($"/Partners?q={tag}&tech=CCUS&type=university&institute=KRICT");

        Assert.Equal([tag + "-cal", tag + "-nw"], PartnerWebSupport.ExternalIds(all));
        Assert.Equal([tag + "-cal"], PartnerWebSupport.ExternalIds(korean));
        Assert.Contains($"캘거리 메탄 연구실 {tag}", korean.QuerySelector("#partners-table tbody th")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("캐나다", korean.QuerySelector("#partners-table tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([tag + "-nw"], PartnerWebSupport.ExternalIds(english));
        var englishRow = english.QuerySelector("#partners-table tbody tr")!;
        Assert.StartsWith($"Northwestern Chemicals {tag}", englishRow.QuerySelector("th a")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("United States", englishRow.TextContent, StringComparison.Ordinal);
        Assert.Equal([tag + "-nw"], PartnerWebSupport.ExternalIds(byCountry));
        Assert.Equal([tag + "-cal"], PartnerWebSupport.ExternalIds(byTechnology));
        Assert.Equal([tag + "-cal", tag + "-nw"], PartnerWebSupport.ExternalIds(byArea));
        Assert.Equal("US", byCountry.QuerySelector<IHtmlSelectElement>("#filter-country")!.Value);
        Assert.Contains("country=US", byCountry.QuerySelector("[data-testid=export-partners]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(byCountry.QuerySelector("label[for=filter-country]"));
        Assert.NotNull(all.QuerySelector("[data-testid=new-partner]"));
    }

    [Fact]
    public async Task A_strange_query_is_never_an_error_page()
    {
        using var client = await portal.SignInStaffAsync(Coordinator, "KRICT");

        var page = await client.GetPageAsync("/Partners?q=%3Cscript%3E%00&country=%3Cx%3E&status=bogus&p=-5&tech=" + new string('x', 500));

        Assert.Equal("active", page.QuerySelector<IHtmlSelectElement>("#filter-status")!.Value);
    }

    private static Dictionary<string, string?> ValidForm(string externalId) => new()
    {
        ["Input.ExternalId"] = externalId,
        ["Input.Name"] = "Technical University of Munich",
        ["Input.NameKo"] = "뮌헨 공과대학교",
        ["Input.CountryCode"] = "DE",
        ["Input.PartnerTypeCode"] = "university",
        ["Input.TechnologyCodes"] = "H2.PRODUCTION",
        ["Input.TrlMin"] = "2",
        ["Input.TrlMax"] = "6",
        ["Input.Keywords"] = "수전해; electrolysis",
        ["Input.Description"] = "Electrolysis research.",
        ["Input.Website"] = "https://www.tum.de",
        ["Input.ContactEmail"] = "contact@tum.example",
    };

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "Input.ExternalId", "", "Input.ExternalId" },
        { "Input.ExternalId", new string('x', 101), "Input.ExternalId" },
        { "Input.Name", "", "Input.Name" },
        { "Input.Name", new string('n', 301), "Input.Name" },
        { "Input.Name", "<script>alert(1)</script>", "Input.Name" },
        { "Input.Name", "Bell \u0007 Labs", "Input.Name" },
        { "Input.NameKo", "깨진 \uFFFD 글자", "Input.NameKo" },
        { "Input.CountryCode", "", "Input.CountryCode" },
        { "Input.CountryCode", "XX", "Input.CountryCode" },
        { "Input.PartnerTypeCode", "alien", "Input.PartnerTypeCode" },
        { "Input.TechnologyCodes", "", "Input.TechnologyCodes" },
        { "Input.TechnologyCodes", "CCUS", "Input.TechnologyCodes" },
        { "Input.TechnologyCodes", "<script>", "Input.TechnologyCodes" },
        { "Input.CooperationTypes", "teleport", "Input.CooperationTypes" },
        { "Input.LinkedInstitutes", "NASA", "Input.LinkedInstitutes" },
        { "Input.TrlMin", "12", "Input.TrlMin" },
        { "Input.TrlMin", "abc", "Input.TrlMin" },
        { "Input.TrlMax", "1", "Input.TrlMax" },
        { "Input.Keywords", "<b>bold</b>", "Input.Keywords" },
        { "Input.Keywords", new string('k', 101), "Input.Keywords" },
        { "Input.Description", "<script>alert(1)</script>", "Input.Description" },
        { "Input.Description", new string('d', 8001), "Input.Description" },
        { "Input.Website", "javascript:alert(1)", "Input.Website" },
        { "Input.Website", "<script>", "Input.Website" },
        { "Input.ContactEmail", "not-an-email", "Input.ContactEmail" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_on_the_new_partner_form_shows_a_field_error_and_saves_nothing(string field, string value, string errorField)
    {
        using var client = await portal.SignInStaffAsync(Coordinator, "KRICT");
        var externalId = field == "Input.ExternalId" ? value : PartnerWebSupport.NewId();
        var form = ValidForm(externalId);
        form[field] = value;
        var page = await client.GetPageAsync("/Partners/New");

        var after = await client.SubmitForPageAsync(page, "#partner-form", form);

        var error = PortalClient.FieldError(after, errorField);
        Assert.False(string.IsNullOrEmpty(error), $"no error next to {errorField}");
        var input = after.QuerySelector($"[name='{errorField}']");
        Assert.Contains(errorField.Replace('.', '_') + "-error", (input?.GetAttribute("aria-describedby") ?? after.QuerySelector($"fieldset[aria-describedby*='{errorField.Replace('.', '_')}-error']")?.GetAttribute("aria-describedby")) ?? "", StringComparison.Ordinal);
        Assert.NotNull(after.QuerySelector("[data-testid=form-errors]"));
        if (externalId.Length is > 0 and <= 100)
        {
            Assert.Null(await portal.FindPartnerAsync(externalId));
        }
    }

    [Fact]
    public async Task Field_errors_are_in_English_for_an_English_user_interface()
    {
        using var client = await portal.SignInStaffAsync(Coordinator, "KRICT");
        var page = await client.GetPageAsync("/Partners/New?culture=en");
        var form = ValidForm(PartnerWebSupport.NewId());
        form["Input.Website"] = "ftp://example.org";

        var after = await client.SubmitForPageAsync(page, "#partner-form", form);

        Assert.Equal("Enter a valid address starting with http:// or https://.", PortalClient.FieldError(after, "Input.Website"));
    }

    [Fact]
    public async Task A_coordinator_registers_a_partner_owned_by_the_institute_and_edits_it()
    {
        using var client = await portal.SignInStaffAsync(Coordinator, "KRICT");
        var externalId = PartnerWebSupport.NewId();
        var form = ValidForm(externalId);
        form["Input.LinkedInstitutes"] = "KRICT";

        var details = await client.SubmitForPageAsync(await client.GetPageAsync("/Partners/New"), "#partner-form", form);

        Assert.Equal("뮌헨 공과대학교", details.QuerySelector("[data-testid=partner-name]")!.TextContent);
        Assert.Equal("한국화학연구원", details.QuerySelector("[data-testid=partner-owner]")!.TextContent);
        Assert.Contains("후보기관을 등록했습니다", details.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(details.QuerySelector("#partner-open-requests"));
        var partner = (await portal.FindPartnerAsync(externalId))!;
        Assert.Equal(["수전해", "electrolysis"], partner.Keywords);

        var edit = await client.GetPageAsync($"/Partners/Edit/{partner.Id}");
        Assert.Equal("수전해; electrolysis", edit.QuerySelector<IHtmlInputElement>("#Input_Keywords")!.Value);
        Assert.True(edit.QuerySelector<IHtmlInputElement>("#Input_TechnologyCodes_H2_PRODUCTION")!.IsChecked);
        var saved = await client.SubmitForPageAsync(edit, "#partner-form", new Dictionary<string, string?> { ["Input.NameKo"] = "뮌헨공대" });

        Assert.Equal("뮌헨공대", saved.QuerySelector("[data-testid=partner-name]")!.TextContent);
        Assert.Equal(["H2.PRODUCTION"], (await portal.FindPartnerAsync(externalId))!.TechnologyCodes);
    }

    [Fact]
    public async Task A_stale_edit_shows_the_conflict_and_what_is_saved_now()
    {
        var id = await portal.AddPartnerAsync(PartnerWebSupport.Data(PartnerWebSupport.NewId()), "KRICT");
        using var first = await portal.SignInStaffAsync(Coordinator, "KRICT");
        using var second = await portal.SignInStaffAsync(Coordinator, "KRICT");
        var firstForm = await first.GetPageAsync($"/Partners/Edit/{id}");
        var secondForm = await second.GetPageAsync($"/Partners/Edit/{id}");
        await first.SubmitForPageAsync(firstForm, "#partner-form", new Dictionary<string, string?> { ["Input.Name"] = "Saved First" });

        var conflict = await second.SubmitForPageAsync(secondForm, "#partner-form", new Dictionary<string, string?> { ["Input.Name"] = "Saved Second" });

        Assert.Equal("Saved First", conflict.QuerySelector("[data-testid=saved-name]")!.TextContent);
        Assert.Contains("다른 사용자가", conflict.QuerySelector("[data-testid=form-level-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Saved Second", conflict.QuerySelector<IHtmlInputElement>("#Input_Name")!.Value);
    }

    [Fact]
    public async Task A_coordinator_of_another_institute_sees_the_partner_read_only_and_gets_403_on_edit_and_posts()
    {
        var id = await portal.AddPartnerAsync(PartnerWebSupport.Data(PartnerWebSupport.NewId()), "KRICT");
        using var client = await portal.SignInStaffAsync(Coordinator, "KETI");

        var details = await client.GetPageAsync($"/Partners/Details/{id}");
        await client.GetPageAsync($"/Partners/Edit/{id}", HttpStatusCode.Forbidden);
        var token = PartnerWebSupport.Token(await client.GetPageAsync("/Partners/New"));
        var version = (await portal.FindPartnerAsync(details.QuerySelector("[data-testid=partner-external-id]")!.TextContent))!.Version;
        using var deactivate = await client.Http.PostAsync($"/Partners/Details/{id}?handler=Deactivate",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        using var edit = await client.Http.PostAsync($"/Partners/Edit/{id}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Name", "Hijacked"), new("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        Assert.Null(details.QuerySelector("[data-testid=edit-partner]"));
        Assert.Null(details.QuerySelector("[data-testid=deactivate-partner]"));
        Assert.NotNull(details.QuerySelector("[data-testid=partner-read-only]"));
        Assert.Equal(HttpStatusCode.Forbidden, deactivate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        var partner = (await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking().SingleAsync(p => p.Id == id)));
        Assert.Equal(("University of Calgary", true), (partner.Name, partner.IsActive));
        await client.GetPageAsync($"/Partners/Details/{Guid.NewGuid()}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_owner_deactivates_after_a_confirmation_and_reactivates()
    {
        var id = await portal.AddPartnerAsync(PartnerWebSupport.Data(PartnerWebSupport.NewId()), "KRICT");
        using var client = await portal.SignInStaffAsync(Coordinator, "KRICT");
        var details = await client.GetPageAsync($"/Partners/Details/{id}");
        Assert.Null(details.QuerySelector("#deactivate-form"));

        var confirm = await client.GetPageAsync(details.QuerySelector("[data-testid=deactivate-partner]")!.GetAttribute("href")!);
        Assert.NotNull(confirm.QuerySelector("[data-testid=deactivate-confirmation]"));
        var deactivated = await client.SubmitForPageAsync(confirm, "#deactivate-form", new Dictionary<string, string?>());

        Assert.Equal("비활성", deactivated.QuerySelector("[data-testid=partner-status]")!.TextContent);
        Assert.False((await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking().SingleAsync(p => p.Id == id))).IsActive);
        var reactivated = await client.SubmitForPageAsync(deactivated, "#reactivate-form", new Dictionary<string, string?>());
        Assert.Equal("활성", reactivated.QuerySelector("[data-testid=partner-status]")!.TextContent);
        var actions = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["Partner.Created", "Partner.Deactivated", "Partner.Reactivated"], actions);
    }

    [Fact]
    public async Task An_admin_may_edit_any_institutes_partner()
    {
        var id = await portal.AddPartnerAsync(PartnerWebSupport.Data(PartnerWebSupport.NewId()), "KRICT");
        using var client = await portal.SignInStaffAsync(Admin, "KEIT");

        var details = await client.GetPageAsync($"/Partners/Details/{id}");
        var saved = await client.SubmitForPageAsync(await client.GetPageAsync($"/Partners/Edit/{id}"), "#partner-form",
            new Dictionary<string, string?> { ["Input.NameKo"] = "캘거리대" });

        Assert.NotNull(details.QuerySelector("[data-testid=edit-partner]"));
        Assert.Equal("캘거리대", saved.QuerySelector("[data-testid=partner-name]")!.TextContent);
    }

    [Fact]
    public async Task An_SME_member_gets_403_and_an_anonymous_visitor_the_sign_in_page_on_the_registry()
    {
        var sme = await portal.SignInNewSmeAsync();
        using var anonymous = portal.CreatePortalClient(followRedirects: false);

        foreach (var url in new[] { "/Partners", "/Partners/New", "/Partners/Import", "/Partners/Export", $"/Partners/Details/{Guid.NewGuid()}" })
        {
            await sme.Client.GetPageAsync(url, HttpStatusCode.Forbidden);
            using var response = await anonymous.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }
}
