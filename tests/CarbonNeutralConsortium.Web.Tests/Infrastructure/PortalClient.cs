using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

/// <summary>
/// A user's browser without JavaScript: keeps cookies, reads pages with AngleSharp and submits their real forms,
/// antiforgery token included.
/// </summary>
public sealed class PortalClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<IHtmlDocument> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {expected}, got {(int)response.StatusCode}. {Excerpt(html)}");
        return await ParseAsync(html, response.RequestMessage?.RequestUri ?? new Uri(Http.BaseAddress!, url));
    }

    /// <summary>Fills the form (by CSS selector) on the page with the given values and submits it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string formSelector, IReadOnlyDictionary<string, string?> values, string? submitValue = null)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on {page.Url}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || values.ContainsKey(name))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when !box.IsChecked:
                case IHtmlButtonElement:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
            }
        }

        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        if (submitValue is not null)
        {
            var button = form.QuerySelectorAll<IHtmlButtonElement>("button[name]").First(b => b.Value == submitValue);
            fields.Add(new(button.Name!, submitValue));
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : action;
        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(new Uri(new Uri(page.Url), target), content);
    }

    /// <summary>Submits and reads the page that results (after redirects, when the client follows them).</summary>
    public async Task<IHtmlDocument> SubmitForPageAsync(IHtmlDocument page, string formSelector, IReadOnlyDictionary<string, string?> values, HttpStatusCode expected = HttpStatusCode.OK, string? submitValue = null)
    {
        using var response = await SubmitAsync(page, formSelector, values, submitValue);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"POST {page.Url}: expected {expected}, got {(int)response.StatusCode}. {Excerpt(html)}");
        return await ParseAsync(html, response.RequestMessage!.RequestUri!);
    }

    /// <summary>
    /// Signs in through the real pages: the password, then, when the account has one, the authenticator code; a
    /// coordinator or admin without one is sent to the set-up first, which this does like a person would (scans the
    /// key, enters a code, keeps the recovery codes) and then continues.
    /// </summary>
    public async Task<IHtmlDocument> SignInAsync(string email, string password = PortalFactory.Password)
    {
        var login = await GetPageAsync("/Identity/Account/Login");
        var after = await SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = password });
        after = await CompleteTwoFactorAsync(after, email);
        Assert.NotNull(after.QuerySelector("[data-testid=signed-in-as]"));
        return after;
    }

    /// <summary>Answers the second-factor page (code or set-up) if that is where the sign-in landed.</summary>
    public async Task<IHtmlDocument> CompleteTwoFactorAsync(IHtmlDocument page, string email)
    {
        var path = new Uri(page.Url).AbsolutePath;
        if (path.Equals("/Identity/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
        {
            return await SubmitForPageAsync(page, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(email) });
        }

        if (path.Equals("/Account/Authenticator", StringComparison.OrdinalIgnoreCase) && page.QuerySelector("[data-testid=authenticator-key]") is { } keyElement)
        {
            TestTwoFactor.Remember(email, keyElement.GetAttribute("data-key")!);
            var enrolled = await SubmitForPageAsync(page, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(email) });
            Assert.True(enrolled.QuerySelectorAll("[data-testid=recovery-codes] li").Length == 10,
                $"The authenticator set-up for {email} did not show the recovery codes: {enrolled.Url} {enrolled.QuerySelector("main")?.TextContent.Trim()}");
            var next = enrolled.QuerySelector("[data-testid=continue]")!.GetAttribute("href")!;
            return await GetPageAsync(next);
        }

        return page;
    }

    public static async Task<IHtmlDocument> ParseAsync(string html, Uri url)
    {
        // The address lets relative form actions resolve as in a browser.
        var context = BrowsingContext.New(Configuration.Default);
        return (IHtmlDocument)await context.OpenAsync(request => request.Content(html).Address(url));
    }

    /// <summary>The error shown next to a field, or "" when there is none.</summary>
    public static string FieldError(IDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? "";

    public void Dispose() => Http.Dispose();

    private static string Excerpt(string html) => html.Length > 1500 ? html[..1500] : html;
}
