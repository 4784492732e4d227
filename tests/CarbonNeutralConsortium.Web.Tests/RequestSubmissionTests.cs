using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CarbonNeutralConsortium.Web.Tests.RequestWizardSupport;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The whole wizard through to submission, its receipt e-mail, and the same submit posted twice.</summary>
public sealed class RequestSubmissionTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    /// <summary>Fills steps 2 to 5 and returns the review page.</summary>
    private async Task<IHtmlDocument> FillRemainingStepsAsync(PortalClient client, Guid companyId, IHtmlDocument technology)
    {
        var contact = await AddContactAsync(portal, companyId);
        var partner = await PostForPageAsync(client, technology, "#step-form",
            [("Input.SectorCode", "PETROCHEMICAL"), ("Input.TechnologyCodes", "CCUS.METHANE"), ("Input.TechnologyCodes", "DX.AI"),
             ("Input.Keywords", "메탄; dry reforming, 촉매"), ("Input.TrlCurrent", "3"), ("Input.TrlTarget", "6")]);
        Assert.EndsWith("/Partner", partner.Url, StringComparison.Ordinal);
        var timeline = await PostForPageAsync(client, partner, "#step-form",
            [("Input.PreferredCountries", "CA"), ("Input.PreferredCountries", "US"), ("Input.ExcludedCountries", "RU"), ("Input.PreferredPartnerTypes", "university")]);
        Assert.EndsWith("/Timeline", timeline.Url, StringComparison.Ordinal);
        var confidentiality = await PostForPageAsync(client, timeline, "#step-form",
            [("Input.DesiredStart", Today.AddMonths(1).ToString("yyyy-MM-dd")), ("Input.DurationMonths", "24"), ("Input.Deadline", Today.AddMonths(6).ToString("yyyy-MM-dd")),
             ("Input.BudgetMinKrw", "100,000,000"), ("Input.BudgetMaxKrw", "300000000")]);
        Assert.EndsWith("/Confidentiality", confidentiality.Url, StringComparison.Ordinal);
        var review = await PostForPageAsync(client, confidentiality, "#step-form",
            [("Input.ConfidentialDetails", "파일럿 설비: 10 Nm3/h"), ("Input.ContactPersonId", contact.ToString()), ("Input.ShareContactAbroad", "true")]);
        Assert.EndsWith("/Review", review.Url, StringComparison.Ordinal);
        return review;
    }

    [Theory]
    [InlineData("ko", "기술협력 수요 접수 확인", "ETRI")]
    [InlineData("en", "Request received", "ETRI")]
    public async Task An_sme_walks_all_six_steps_submits_and_receives_the_receipt_in_their_language(string culture, string subject, string contributor)
    {
        var (client, companyId, id, technology) = await StartDraftAsync(portal, culture);
        using var _ = client;
        var review = await FillRemainingStepsAsync(client, companyId, technology);

        // The review shows every step, nothing missing, and where the request will go and why.
        Assert.Equal(5, review.QuerySelectorAll("a[id^=edit-]").Length);
        Assert.Null(review.QuerySelector("[data-testid=missing] ul"));
        var routing = review.QuerySelector("[data-testid=routing]")!.TextContent;
        // The pages speak the language chosen in the browser (Korean by default); the e-mail speaks the member's.
        Assert.Contains("한국화학연구원", routing, StringComparison.Ordinal);
        Assert.Contains("융복합", routing, StringComparison.Ordinal);
        Assert.Contains("한국전자통신연구원", routing, StringComparison.Ordinal);
        Assert.Equal("step", review.QuerySelector("[aria-current=step]")?.GetAttribute("aria-current"));

        using var response = await PostAsync(client, review, "#submit-form", nav: null);
        Assert.Equal($"/Requests/Details/{id}?submitted=true", response.RequestMessage!.RequestUri!.PathAndQuery);

        var request = await LoadAsync(portal, id);
        Assert.Equal(RequestStatus.Submitted, request!.Status);
        Assert.Equal("KRICT", request.LeadOrganizationCode);
        Assert.Equal(["메탄", "dry reforming", "촉매"], request.Keywords);
        Assert.Equal(100_000_000, request.BudgetMinKrw);
        var contributors = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestContributors.Where(c => c.RequestId == id).Select(c => c.OrganizationCode).ToListAsync());
        Assert.Equal([contributor], contributors);
        var user = (await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.Where(u => u.CompanyId == companyId).Select(u => u.Email!).ToListAsync())).Single();
        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == user) && (m.Subject ?? "").Contains(request.ReferenceNumber!, StringComparison.Ordinal));
        Assert.Contains(subject, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(request.ReferenceNumber!, mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_concurrent_posts_of_the_same_submit_form_submit_once_and_send_one_receipt()
    {
        var (client, companyId, id, technology) = await StartDraftAsync(portal, title: "동시 제출");
        using var _ = client;
        var review = await FillRemainingStepsAsync(client, companyId, technology);

        var responses = await Task.WhenAll(PostAsync(client, review, "#submit-form", nav: null), PostAsync(client, review, "#submit-form", nav: null));
        foreach (var response in responses)
        {
            Assert.Equal($"/Requests/Details/{id}?submitted=true", response.RequestMessage!.RequestUri!.PathAndQuery);
            response.Dispose();
        }

        var request = await LoadAsync(portal, id);
        Assert.Equal(RequestStatus.Submitted, request!.Status);
        Assert.Single(request.History, h => h.From == RequestStatus.Draft && h.To == RequestStatus.Submitted);
        var email = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.Where(u => u.CompanyId == companyId).Select(u => u.Email!).SingleAsync());
        await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == email) && (m.Subject ?? "").Contains(request.ReferenceNumber!, StringComparison.Ordinal));
        var outbox = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.CountAsync(m => m.ToAddress == email && m.Kind == "Request.RequestSubmitted"));
        Assert.Equal(1, outbox);
        Assert.Single(portal.Smtp.Messages, m => (m.Subject ?? "").Contains(request.ReferenceNumber!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submitting_an_incomplete_draft_lists_what_is_missing_and_keeps_the_draft()
    {
        var (client, _, id, _) = await StartDraftAsync(portal, title: "미완성 제출");
        using var __ = client;
        var review = await client.GetPageAsync($"/Requests/Edit/{id}/Review");
        Assert.NotNull(review.QuerySelector($"[data-testid=missing] a[href='/Requests/Edit/{id}/Technology']"));

        var after = await PostForPageAsync(client, review, "#submit-form", nav: null);

        Assert.NotNull(after.QuerySelector("[data-testid=form-errors]"));
        Assert.Equal(RequestStatus.Draft, (await LoadAsync(portal, id))!.Status);
    }

    [Fact]
    public async Task A_submitted_request_is_no_longer_editable_and_the_wizard_sends_to_its_details()
    {
        var (client, companyId, id, technology) = await StartDraftAsync(portal, title: "제출 후 편집");
        using var _ = client;
        var review = await FillRemainingStepsAsync(client, companyId, technology);
        (await PostAsync(client, review, "#submit-form", nav: null)).Dispose();

        using var response = await client.Http.GetAsync($"/Requests/Edit/{id}/Need");
        Assert.Equal($"/Requests/Details/{id}", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("Submitted", (await LoadAsync(portal, id))!.Status.ToString());
    }
}
