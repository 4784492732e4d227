using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Drives the request wizard as a browser without JavaScript would: posts the real forms with every field they
/// hold (checkboxes, multiple selects) and the values a test changes, and uploads files as multipart forms.
/// </summary>
internal static class RequestWizardSupport
{
    public static readonly DateOnly Today = KoreaTime.Today(TimeProvider.System);

    /// <summary>The fields of a form as the browser would send them; values in <paramref name="changes"/> replace a field's values.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(IHtmlDocument page, string formSelector, IEnumerable<(string Name, string Value)>? changes = null, string? nav = null)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on {page.Url}.");
        var changed = (changes ?? []).ToList();
        var names = changed.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || names.Contains(name))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked)
                    {
                        fields.Add(new(name, box.Value));
                    }

                    break;
                case IHtmlInputElement { Type: "file" }:
                case IHtmlButtonElement:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.AddRange(select.Options.Where(o => o.IsSelected).Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
            }
        }

        fields.AddRange(changed.Select(c => new KeyValuePair<string, string>(c.Name, c.Value)));
        if (nav is not null)
        {
            fields.Add(new("nav", nav));
        }

        return fields;
    }

    public static async Task<HttpResponseMessage> PostAsync(PortalClient client, IHtmlDocument page, string formSelector, IEnumerable<(string Name, string Value)>? changes = null, string? nav = "next")
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)!;
        using var content = new FormUrlEncodedContent(FieldsOf(page, formSelector, changes, nav));
        return await client.Http.PostAsync(new Uri(new Uri(page.Url), form.GetAttribute("action") ?? page.Url), content);
    }

    /// <summary>Posts a step form and reads the page it leads to (redirects followed).</summary>
    public static async Task<IHtmlDocument> PostForPageAsync(PortalClient client, IHtmlDocument page, string formSelector, IEnumerable<(string Name, string Value)>? changes = null,
        string? nav = "next", HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await PostAsync(client, page, formSelector, changes, nav);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"POST {page.Url}: expected {expected}, got {(int)response.StatusCode}. {(html.Length > 2000 ? html[..2000] : html)}");
        return await PortalClient.ParseAsync(html, response.RequestMessage!.RequestUri!);
    }

    /// <summary>
    /// Uploads a file with the Confidentiality step form's Upload button (multipart, to its formaction), sending the
    /// step's fields as they are on the page, with <paramref name="changes"/> typed in.
    /// </summary>
    public static async Task<IHtmlDocument> UploadAsync(PortalClient client, IHtmlDocument page, string fileName, byte[] data, IEnumerable<(string Name, string Value)>? changes = null)
    {
        var button = page.QuerySelector<IHtmlButtonElement>("#step-form #btn-upload") ?? throw new InvalidOperationException("No upload button in the step form.");
        return await PostMultipartAsync(client, page, button, changes, (fileName, data));
    }

    /// <summary>Presses the Remove button of the <paramref name="index"/>th attachment in the Confidentiality step form.</summary>
    public static Task<IHtmlDocument> RemoveAttachmentAsync(PortalClient client, IHtmlDocument page, int index = 0, IEnumerable<(string Name, string Value)>? changes = null)
    {
        var button = page.QuerySelectorAll<IHtmlButtonElement>("#step-form #attachment-list button[name=attachmentId]").ElementAtOrDefault(index)
            ?? throw new InvalidOperationException("No remove button in the step form.");
        return PostMultipartAsync(client, page, button, changes, null);
    }

    /// <summary>Submits the step form as the browser does when <paramref name="button"/> is pressed: its formaction, multipart, its name=value.</summary>
    private static async Task<IHtmlDocument> PostMultipartAsync(PortalClient client, IHtmlDocument page, IHtmlButtonElement button, IEnumerable<(string Name, string Value)>? changes,
        (string Name, byte[] Data)? file)
    {
        Assert.Equal("multipart/form-data", page.QuerySelector("#step-form")!.GetAttribute("enctype"));
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in FieldsOf(page, "#step-form", changes))
        {
            content.Add(new StringContent(value), name);
        }

        if (!string.IsNullOrEmpty(button.GetAttribute("name")))
        {
            content.Add(new StringContent(button.GetAttribute("value") ?? ""), button.GetAttribute("name")!);
        }

        if (file is { } chosen)
        {
            var part = new ByteArrayContent(chosen.Data);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "Attachment", chosen.Name);
        }

        var action = button.GetAttribute("formaction") ?? throw new InvalidOperationException("The button has no formaction.");
        using var response = await client.Http.PostAsync(new Uri(new Uri(page.Url), action), content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {action}: {(int)response.StatusCode} {(html.Length > 2000 ? html[..2000] : html)}");
        return await PortalClient.ParseAsync(html, response.RequestMessage!.RequestUri!);
    }

    /// <summary>A contact person of the company with collection consent (and the transfer consent if asked).</summary>
    public static Task<Guid> AddContactAsync(PortalFactory portal, Guid companyId, bool transferConsent = true) =>
        portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var actor = new Actor(null, "테스트", ActorSide.Company);
            var person = ContactPerson.Create(companyId, "이담당", "기술연구소", null, $"contact-{Guid.NewGuid():N}@example.com", null, TestRequests.CollectionNotice, actor, TimeProvider.System);
            if (transferConsent)
            {
                person.RecordConsent(TestRequests.TransferNotice, true, actor, TimeProvider.System);
            }

            db.ContactPersons.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });

    public static Task<PartnershipRequest?> LoadAsync(PortalFactory portal, Guid id) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking().Include(r => r.History).FirstOrDefaultAsync(r => r.Id == id));

    public static Guid IdFromUrl(string url) => Guid.Parse(new Uri(url).AbsolutePath.Split('/')[3]);

    /// <summary>A signed-in SME with a new draft (step 1 posted through /Requests/New); returns the Technology step page.</summary>
    public static async Task<(PortalClient Client, Guid CompanyId, Guid RequestId, IHtmlDocument Page)> StartDraftAsync(PortalFactory portal, string culture = "ko", string title = "메탄 건식 개질 촉매 도입")
    {
        var (email, companyId) = await portal.CreateSmeAsync(culture: culture);
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Requests/New");
        var page = await PostForPageAsync(client, form, "#step-form",
            [("Input.Title", title), ("Input.PublicSummary", "건식 개질 촉매의 해외 기술 도입처를 찾습니다."), ("Input.CooperationTypeCode", "technology_introduction")]);
        Assert.EndsWith("/Technology", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        return (client, companyId, IdFromUrl(page.Url), page);
    }
}
