using System.Net;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// The programmes' world, seeded once per test class: an SME whose request is led by KRICT with ETRI contributing (with one
/// proposed partner), and signed-in clients of KRICT, ETRI, KATECH, the agency admin and the SME.
/// </summary>
public sealed class ProgrammeFixture : PortalFactory
{
    public string CompanyName { get; private set; } = "";

    public string BusinessNumber { get; private set; } = "";

    public Guid RequestId { get; private set; }

    public string RequestReference { get; private set; } = "";

    public Guid MatchId { get; private set; }

    public string PartnerExternalId { get; private set; } = "";

    public string PartnerName { get; private set; } = "";

    public PortalClient Krict { get; private set; } = null!;

    public PortalClient Etri { get; private set; } = null!;

    public PortalClient Katech { get; private set; } = null!;

    public PortalClient Admin { get; private set; } = null!;

    public PortalClient Sme { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (email, companyId) = await CreateSmeAsync();
        var user = await FindUserAsync(email) ?? throw new InvalidOperationException("The SME is missing.");
        RequestId = await TestRequests.CreateInStateAsync(Services, companyId, user.Id, RequestStatus.PartnersProposed);
        await WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == companyId);
            CompanyName = company.NameKo;
            BusinessNumber = company.BusinessRegistrationNumber;
            RequestReference = (await db.Requests.AsNoTracking().SingleAsync(r => r.Id == RequestId)).ReferenceNumber!;
            var match = await db.Matches.AsNoTracking().SingleAsync(m => m.RequestId == RequestId);
            MatchId = match.Id;
            var partner = await db.OverseasPartners.AsNoTracking().SingleAsync(p => p.Id == match.PartnerId);
            PartnerExternalId = partner.ExternalId;
            PartnerName = partner.Name;
            return 0;
        });
        Krict = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        Etri = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "ETRI"));
        Katech = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "KATECH"));
        Admin = await SignedInAsync(await CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
        Sme = await SignedInAsync(email);
    }

    public Task<T> DbAsync<T>(Func<ConsortiumDbContext, Task<T>> read) => WithServiceAsync(sp => read(sp.GetRequiredService<ConsortiumDbContext>()));

    /// <summary>The client's own valid antiforgery token (from a page with a form), for crafted posts.</summary>
    public static async Task<string> TokenAsync(PortalClient client, string page)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = await client.GetPageAsync(page);
        return form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    /// <summary>A crafted post with the client's valid token; the status, without following redirects.</summary>
    public async Task<HttpStatusCode> CraftedPostAsync(PortalClient client, string tokenPage, string target, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = await TokenAsync(client, tokenPage);
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        values.AddRange(fields);
        using var content = new FormUrlEncodedContent(values);
        using var response = await client.Http.PostAsync(target, content);
        return response.StatusCode;
    }

    public static string? ErrorOf(IHtmlDocument page, string id) => page.GetElementById(id + "-error")?.TextContent.Trim();

    private async Task<PortalClient> SignedInAsync(string email)
    {
        var client = CreatePortalClient();
        await client.SignInAsync(email);
        return client;
    }
}
