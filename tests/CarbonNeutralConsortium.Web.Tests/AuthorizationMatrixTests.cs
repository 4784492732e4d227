using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Every endpoint of the app × every role: the expected status of a GET and of a POST without an antiforgery
/// token (which proves that a role gets past authorization, and is then stopped by antiforgery: 400). The test
/// enumerates the app's endpoints and fails on any endpoint that this matrix does not list, and on any row that
/// names an endpoint that no longer exists. Pages carry no resource ids yet: /Company is always the member's own
/// company (see Company_page_shows_only_the_members_own_company).
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture portal) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    public enum Role { Anonymous, SmeA, SmeB, CoordinatorX, CoordinatorY, Admin }

    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Login = HttpStatusCode.Redirect;       // anonymous: sent to the sign-in page
    private const HttpStatusCode Redirect = HttpStatusCode.Redirect;    // the page itself redirects
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode NoToken = HttpStatusCode.BadRequest;   // past authorization, refused by antiforgery
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;   // the JSON API: no sign-in redirect
    private const HttpStatusCode NoSuchMethod = HttpStatusCode.MethodNotAllowed;

    private const string UnknownId = "00000000-0000-7000-8000-000000000000";

    private sealed record Row(string Pattern, string Path, HttpStatusCode[] Get, HttpStatusCode[] Post);

    private static HttpStatusCode[] All(HttpStatusCode status) => [status, status, status, status, status, status];

    //                                     Anonymous  SmeA       SmeB       CoordX     CoordY     Admin
    private static readonly HttpStatusCode[] SmeOnly = [Login, Ok, Ok, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] SmeOnlyPost = [Login, NoToken, NoToken, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] SignedIn = [Login, Ok, Ok, Ok, Ok, Ok];
    private static readonly HttpStatusCode[] SignedInPost = [Login, NoToken, NoToken, NoToken, NoToken, NoToken];

    // A resource of company A: its members see it, company B gets 404 (nothing leaked), staff are not SMEs (403).
    private static readonly HttpStatusCode[] OwnCompanyA = [Login, Ok, NotFound, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] AdminOnly = [Login, Forbidden, Forbidden, Forbidden, Forbidden, Ok];
    private static readonly HttpStatusCode[] AdminOnlyPost = [Login, Forbidden, Forbidden, Forbidden, Forbidden, NoToken];

    // Institute coordinators (X = KRICT, lead of company A's requests; Y = KATECH, not assigned to them) and agency admins.
    private static readonly HttpStatusCode[] CoordinatorsOnly = [Login, Forbidden, Forbidden, Ok, Ok, Forbidden];
    private static readonly HttpStatusCode[] CoordinatorsOnlyPost = [Login, Forbidden, Forbidden, NoToken, NoToken, Forbidden];
    private static readonly HttpStatusCode[] Staff = [Login, Forbidden, Forbidden, Ok, Ok, Ok];
    private static readonly HttpStatusCode[] StaffPost = [Login, Forbidden, Forbidden, NoToken, NoToken, NoToken];

    // A request (or its match, attachment) assigned to institute X: the other institute gets 404 (nothing leaked).
    private static readonly HttpStatusCode[] AssignedToX = [Login, Forbidden, Forbidden, Ok, NotFound, Forbidden];

    // A partner owned by institute X: every coordinator reads it, only X's coordinators and admins edit it.
    private static readonly HttpStatusCode[] OwnedByX = [Login, Forbidden, Forbidden, Ok, Forbidden, Ok];

    // An event organized by X's institute (KRICT): its organizers and admins manage it; another institute gets 404.
    private static readonly HttpStatusCode[] EventOfX = [Login, Forbidden, Forbidden, Ok, NotFound, Ok];

    private static readonly Row[] Matrix =
    [
        new("", "/", All(Ok), All(NoToken)),
        new("Index", "/Index", All(Ok), All(NoToken)),
        new("Institutes", "/Institutes", All(Ok), All(NoToken)),
        new("Institutes/Index", "/Institutes/Index", All(Ok), All(NoToken)),
        new("Privacy", "/Privacy", All(Ok), All(NoToken)),
        new("Culture", "/Culture", All(Redirect), All(NoToken)),
        new("Error/{code:int?}", "/Error/404", All(NotFound), All(NotFound)),
        new("Company", "/Company", SmeOnly, SmeOnlyPost),
        new("Company/Index", "/Company/Index", SmeOnly, SmeOnlyPost),
        new("Company/Edit", "/Company/Edit", SmeOnly, SmeOnlyPost),
        new("Company/Members", "/Company/Members", SmeOnly, SmeOnlyPost),
        new("Company/Contacts", "/Company/Contacts", SmeOnly, SmeOnlyPost),
        new("Company/Contacts/Index", "/Company/Contacts/Index", SmeOnly, SmeOnlyPost),
        new("Company/Contacts/Edit/{id:guid?}", "/Company/Contacts/Edit", SmeOnly, SmeOnlyPost),
        new("Company/Contacts/Edit/{id:guid?}", "/Company/Contacts/Edit/{contact}", OwnCompanyA, SmeOnlyPost),
        new("Invitations/Accept", "/Invitations/Accept?code=not-a-token", All(Ok), All(NoToken)),
        new("Requests", "/Requests", SmeOnly, SmeOnlyPost),
        new("Requests/Index", "/Requests/Index?status=open", SmeOnly, SmeOnlyPost),
        new("Requests/Index", "/Requests/Index?handler=Export&format=xlsx&status=open", SmeOnly, SmeOnlyPost),
        new("Requests/New", "/Requests/New", SmeOnly, SmeOnlyPost),
        new("Requests/Edit/{id:guid}/{step?}", "/Requests/Edit/{draft}", OwnCompanyA, SmeOnlyPost),
        new("Requests/Edit/{id:guid}/{step?}", "/Requests/Edit/{draft}/Review", OwnCompanyA, SmeOnlyPost),
        new("Requests/Edit/{id:guid}/{step?}", "/Requests/Edit/{draft}/Confidentiality?handler=Upload", OwnCompanyA, SmeOnlyPost),
        new("Requests/Details/{id:guid}", "/Requests/Details/{request}", OwnCompanyA, SmeOnlyPost),
        new("Requests/Details/{id:guid}", "/Requests/Details/{request}?handler=Accept", OwnCompanyA, SmeOnlyPost),
        new("Requests/Details/{id:guid}", "/Requests/Details/{draft}", OwnCompanyA, SmeOnlyPost),
        new("Requests/Attachment/{id:guid}", "/Requests/Attachment/{attachment}", OwnCompanyA, SmeOnlyPost),
        new("Requests/Attachment/{id:guid}", "/Requests/Attachment/{messageAttachment}", OwnCompanyA, SmeOnlyPost),
        new("Requests/Attachment/{id:guid}", "/Requests/Attachment/" + UnknownId, [Login, NotFound, NotFound, Forbidden, Forbidden, Forbidden], SmeOnlyPost),
        new("Coordination", "/Coordination", CoordinatorsOnly, CoordinatorsOnlyPost),
        new("Coordination/Index", "/Coordination/Index?status=open&age=3", CoordinatorsOnly, CoordinatorsOnlyPost),
        new("Coordination/Index", "/Coordination/Index?handler=Export&format=csv&role=lead", CoordinatorsOnly, CoordinatorsOnlyPost),
        new("Coordination/Request/{id:guid}", "/Coordination/Request/{request}", AssignedToX, CoordinatorsOnlyPost),
        new("Coordination/Request/{id:guid}", "/Coordination/Request/{request}?handler=Transfer", AssignedToX, CoordinatorsOnlyPost),
        new("Coordination/Request/{id:guid}", "/Coordination/Request/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, Forbidden], CoordinatorsOnlyPost),
        new("Coordination/Attachment/{id:guid}", "/Coordination/Attachment/{attachment}", AssignedToX, CoordinatorsOnlyPost),
        new("Coordination/Matching/{id:guid}", "/Coordination/Matching/{request}", AssignedToX, CoordinatorsOnlyPost),
        new("Coordination/Matching/{id:guid}", "/Coordination/Matching/{request}?lookup=Calgary", AssignedToX, CoordinatorsOnlyPost),
        new("Coordination/Match/{id:guid}", "/Coordination/Match/{match}", AssignedToX, CoordinatorsOnlyPost),
        new("Partners", "/Partners", Staff, StaffPost),
        new("Partners/Index", "/Partners/Index?country=CA&q=methane", Staff, StaffPost),
        new("Partners/New", "/Partners/New", Staff, StaffPost),
        new("Partners/Details/{id:guid}", "/Partners/Details/{partner}", Staff, StaffPost),
        new("Partners/Details/{id:guid}", "/Partners/Details/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Partners/Edit/{id:guid}", "/Partners/Edit/{partner}", OwnedByX, StaffPost),
        new("Partners/Import", "/Partners/Import", Staff, StaffPost),
        new("Partners/Import", "/Partners/Import?handler=Preview&id=" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Partners/Export", "/Partners/Export?country=CA", Staff, StaffPost),
        new("Partners/Export", "/Partners/Export?country=CA&format=xlsx", Staff, StaffPost),
        new("api/v1/requests/{id:guid}/matches", "/api/v1/requests/{request}/matches",
            [Unauthorized, Forbidden, Forbidden, Ok, NotFound, Ok], [Unauthorized, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod]),
        new("api/v1/requests/{id:guid}/matches", "/api/v1/requests/" + UnknownId + "/matches",
            [Unauthorized, Forbidden, Forbidden, NotFound, NotFound, NotFound], [Unauthorized, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod]),
        new("Reports", "/Reports", Staff, StaffPost),
        new("Reports/Index", "/Reports/Index?from=2026-01&to=2026-12&sector=ICT", Staff, StaffPost),
        new("Reports/Index", "/Reports/Index?handler=Export&format=xlsx", Staff, StaffPost),
        new("Reports/Index", "/Reports/Index?handler=Export&format=csv&institute=ETRI", Staff, StaffPost),
        new("Reports/Requests", "/Reports/Requests?figure=cohort:breach", Staff, StaffPost),
        new("Reports/Requests", "/Reports/Requests?handler=Export&format=csv&figure=stage:submitted", Staff, StaffPost),
        new("Reports/Matches", "/Reports/Matches?figure=match:declined", Staff, StaffPost),
        new("Reports/Matches", "/Reports/Matches?handler=Export&format=xlsx", Staff, StaffPost),
        new("Reports/Quarterly", "/Reports/Quarterly?year=2026&quarter=3", Staff, StaffPost),
        new("api/v1/stats", "/api/v1/stats?from=2026-01&to=2026-06",
            [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Ok], [Unauthorized, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod]),
        new("Programmes/Plans", "/Programmes/Plans", Staff, StaffPost),
        new("Programmes/Plans/Index", "/Programmes/Plans/Index?stage=Idea&institute=KRICT&sector=PETROCHEMICAL&q=%ED%83%84%EC%86%8C&p=2", Staff, StaffPost),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}", Staff, StaffPost),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}?handler=Stage", Staff, StaffPost),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}?handler=Document&documentId=" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Programmes/Plans/Edit/{id:guid?}", "/Programmes/Plans/Edit", Staff, StaffPost),
        new("Programmes/Plans/Edit/{id:guid?}", "/Programmes/Plans/Edit/{plan}", OwnedByX, StaffPost),
        new("Programmes/Plans/Edit/{id:guid?}", "/Programmes/Plans/Edit/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Programmes/Standards", "/Programmes/Standards", Staff, StaffPost),
        new("Programmes/Standards/Index", "/Programmes/Standards/Index?body=Iso&status=Drafting&sector=ICT&institute=KRICT&within=30&q=ISO", Staff, StaffPost),
        new("Programmes/Standards/Details/{id:guid}", "/Programmes/Standards/Details/{standard}", Staff, StaffPost),
        new("Programmes/Standards/Details/{id:guid}", "/Programmes/Standards/Details/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Programmes/Standards/Edit/{id:guid?}", "/Programmes/Standards/Edit", Staff, StaffPost),
        new("Programmes/Standards/Edit/{id:guid?}", "/Programmes/Standards/Edit/{standard}", OwnedByX, StaffPost),
        new("Programmes/Practices", "/Programmes/Practices", SignedIn, SignedInPost),
        new("Programmes/Practices/Index", "/Programmes/Practices/Index?sector=PETROCHEMICAL&q=x", SignedIn, SignedInPost),
        new("Programmes/Practices/Details/{id:guid}", "/Programmes/Practices/Details/{practice}", SignedIn, SignedInPost),
        new("Programmes/Practices/Details/{id:guid}", "/Programmes/Practices/Details/{draftPractice}", [Login, NotFound, NotFound, Ok, Ok, Ok], SignedInPost),
        new("Programmes/Practices/Edit/{id:guid?}", "/Programmes/Practices/Edit", Staff, StaffPost),
        new("Programmes/Practices/Edit/{id:guid?}", "/Programmes/Practices/Edit/{practice}", OwnedByX, StaffPost),
        new("Programmes/Proposals", "/Programmes/Proposals", Staff, StaffPost),
        new("Programmes/Proposals/Index", "/Programmes/Proposals/Index?status=Submitted&target=Regulation&q=x", Staff, StaffPost),
        new("Programmes/Proposals/Details/{id:guid}", "/Programmes/Proposals/Details/{proposal}", Staff, StaffPost),
        new("Programmes/Proposals/Details/{id:guid}", "/Programmes/Proposals/Details/{proposal}?handler=Review", Staff, StaffPost),
        new("Programmes/Proposals/Edit/{id:guid?}", "/Programmes/Proposals/Edit", Staff, StaffPost),
        new("Programmes/Proposals/Edit/{id:guid?}", "/Programmes/Proposals/Edit/{proposal}", OwnedByX, StaffPost),
        new("Notifications", "/Notifications", SignedIn, SignedInPost),
        new("Notifications/Index", "/Notifications/Index", SignedIn, SignedInPost),
        new("Admin/Users", "/Admin/Users", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Index", "/Admin/Users/Index", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Create", "/Admin/Users/Create", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Index", "/Admin/Users/Index?handler=Export&format=csv&state=active", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Edit/{id:guid}", "/Admin/Users/Edit/{user}", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Edit/{id:guid}", "/Admin/Users/Edit/" + UnknownId, [Login, Forbidden, Forbidden, Forbidden, Forbidden, NotFound], AdminOnlyPost),
        new("Admin/Organizations", "/Admin/Organizations", AdminOnly, AdminOnlyPost),
        new("Admin/Organizations/Index", "/Admin/Organizations/Index", AdminOnly, AdminOnlyPost),
        new("Admin/Organizations/Edit", "/Admin/Organizations/Edit?code=ETRI", AdminOnly, AdminOnlyPost),
        new("Admin/Organizations/Edit", "/Admin/Organizations/Edit?code=NOPE", [Login, Forbidden, Forbidden, Forbidden, Forbidden, NotFound], AdminOnlyPost),
        new("Admin/Taxonomy", "/Admin/Taxonomy", AdminOnly, AdminOnlyPost),
        new("Admin/Taxonomy/Index", "/Admin/Taxonomy/Index", AdminOnly, AdminOnlyPost),
        new("Admin/Taxonomy/Edit", "/Admin/Taxonomy/Edit?code=H2.PRODUCTION", AdminOnly, AdminOnlyPost),
        new("Admin/Audit", "/Admin/Audit", AdminOnly, AdminOnlyPost),
        new("Admin/Audit/Index", "/Admin/Audit/Index?action=Request.Submitted&from=2026-01-01", AdminOnly, AdminOnlyPost),
        new("Admin/Audit/Index", "/Admin/Audit/Index?handler=Export&format=xlsx", AdminOnly, AdminOnlyPost),
        new("Identity/Account/Login", "/Identity/Account/Login", All(Ok), All(NoToken)),
        new("Identity/Account/Logout", "/Identity/Account/Logout", All(Redirect), All(NoToken)),
        // The second sign-in step needs the short-lived cookie of the password step: without it, back to the sign-in page.
        new("Identity/Account/LoginWith2fa", "/Identity/Account/LoginWith2fa", All(Redirect), All(NoToken)),
        new("Identity/Account/LoginWithRecoveryCode", "/Identity/Account/LoginWithRecoveryCode", All(Redirect), All(NoToken)),
        // A person's own account security (no id: always their own account).
        new("Account", "/Account", SignedIn, SignedInPost),
        new("Account/Index", "/Account/Index", SignedIn, SignedInPost),
        new("Account/Authenticator", "/Account/Authenticator", SignedIn, SignedInPost),
        new("Identity/Account/Register", "/Identity/Account/Register", All(Ok), All(NoToken)),
        new("Identity/Account/ForgotPassword", "/Identity/Account/ForgotPassword", All(Ok), All(NoToken)),
        new("Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/ForgotPasswordConfirmation", All(Ok), All(NoToken)),
        new("Identity/Account/ResetPassword", "/Identity/Account/ResetPassword", All(Ok), All(NoToken)),
        new("Identity/Account/ResetPasswordConfirmation", "/Identity/Account/ResetPasswordConfirmation", All(Ok), All(NoToken)),
        new("Programmes/Events", "/Programmes/Events", All(Ok), All(NoToken)),
        new("Programmes/Events/Index", "/Programmes/Events/Index?topic=CCUS&format=Hybrid&q=%3Cscript%3E", All(Ok), All(NoToken)),
        new("Programmes/Events/Details", "/Programmes/Events/Details?id={event}", All(Ok), All(NoToken)),
        new("Programmes/Events/Details", "/Programmes/Events/Details?id={draftEvent}", [NotFound, NotFound, NotFound, Ok, NotFound, Ok], All(NoToken)),
        new("Programmes/Events/Details", "/Programmes/Events/Details?id=" + UnknownId, All(NotFound), All(NoToken)),
        new("Programmes/Events/Calendar", "/Programmes/Events/Calendar?id={event}", All(Ok), All(NoToken)),
        new("Programmes/Events/Calendar", "/Programmes/Events/Calendar?id={draftEvent}", [NotFound, NotFound, NotFound, Ok, NotFound, Ok], All(NoToken)),
        new("Programmes/Events/Material", "/Programmes/Events/Material?id={material}", All(Ok), All(NoToken)),
        new("Programmes/Events/Material", "/Programmes/Events/Material?id={draftMaterial}", [NotFound, NotFound, NotFound, Ok, NotFound, Ok], All(NoToken)),
        new("Programmes/Events/Register", "/Programmes/Events/Register?id={event}", [Login, Redirect, Redirect, Redirect, Redirect, Redirect], SignedInPost),
        new("Programmes/Events/Register", "/Programmes/Events/Register?id={event}&handler=Cancel", [Login, Redirect, Redirect, Redirect, Redirect, Redirect], SignedInPost),
        new("Programmes/Events/Meetings", "/Programmes/Events/Meetings?id={event}", SignedIn, SignedInPost),
        new("Programmes/Events/Meetings", "/Programmes/Events/Meetings?id={draftEvent}", [Login, NotFound, NotFound, Ok, NotFound, Ok], SignedInPost),
        new("Programmes/Events/Manage", "/Programmes/Events/Manage", Staff, StaffPost),
        new("Programmes/Events/Manage/Index", "/Programmes/Events/Manage/Index", Staff, StaffPost),
        new("Programmes/Events/Manage/Edit", "/Programmes/Events/Manage/Edit", Staff, StaffPost),
        new("Programmes/Events/Manage/Edit", "/Programmes/Events/Manage/Edit?id={event}", EventOfX, StaffPost),
        new("Programmes/Events/Manage/Event", "/Programmes/Events/Manage/Event?id={event}", EventOfX, StaffPost),
        new("Programmes/Events/Manage/Event", "/Programmes/Events/Manage/Event?id={draftEvent}&handler=Publish", EventOfX, StaffPost),
        new("health/live", "/health/live", All(Ok), All(Ok)),
        new("health/ready", "/health/ready", All(Ok), All(Ok)),
    ];

    [Fact]
    public void Every_endpoint_of_the_app_is_in_the_matrix_and_every_row_is_an_endpoint()
    {
        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .ToHashSet(StringComparer.Ordinal);
        var listed = Matrix.Select(r => r.Pattern).ToHashSet(StringComparer.Ordinal);

        Assert.True(endpoints.SetEquals(listed),
            $"Missing from the matrix: [{string.Join(", ", endpoints.Except(listed))}]; not an endpoint: [{string.Join(", ", listed.Except(endpoints))}]");
    }

    [Fact]
    public async Task Each_role_gets_the_expected_status_on_every_endpoint()
    {
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var client = await portal.ClientAsync(role);
            foreach (var row in Matrix)
            {
                var path = portal.Resolve(row.Path);
                using (var get = await client.GetAsync(path))
                {
                    Check(failures, role, "GET", row, row.Get[(int)role], get);
                }

                using var post = await client.PostAsync(path, new FormUrlEncodedContent([new("probe", "1")]));
                Check(failures, role, "POST", row, row.Post[(int)role], post);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Company_page_shows_only_the_members_own_company()
    {
        var a = await (await portal.ClientAsync(Role.SmeA)).GetStringAsync("/Company");
        var b = await (await portal.ClientAsync(Role.SmeB)).GetStringAsync("/Company");

        Assert.Contains(portal.CompanyNames[Role.SmeA], a, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.CompanyNames[Role.SmeB], a, StringComparison.Ordinal);
        Assert.Contains(portal.CompanyNames[Role.SmeB], b, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.CompanyNames[Role.SmeA], b, StringComparison.Ordinal);
    }

    /// <summary>
    /// Past authorization and antiforgery (company B's own valid token), every state-changing handler on company A's
    /// resources still answers 404 and changes nothing.
    /// </summary>
    [Fact]
    public async Task Company_B_with_a_valid_form_token_gets_404_on_every_handler_of_company_As_resources()
    {
        var client = new PortalClient(await portal.ClientAsync(Role.SmeB));
        var form = await client.GetPageAsync("/Requests/New");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var targets = new[]
        {
            "/Requests/Edit/{draft}/Need", "/Requests/Edit/{draft}/Confidentiality?handler=Upload", "/Requests/Edit/{draft}/Confidentiality?handler=RemoveAttachment",
            "/Requests/Edit/{draft}/Review?handler=Submit",
            "/Requests/Details/{request}?handler=Message", "/Requests/Details/{request}?handler=Withdraw", "/Requests/Details/{request}?handler=Accept",
            "/Requests/Details/{request}?handler=Decline", "/Requests/Details/{request}?handler=Outcome",
            "/Company/Contacts/Edit/{contact}", "/Company/Contacts?handler=Withdraw&id={contact}", "/Company/Contacts?handler=Remove&id={contact}&confirm=true",
        };
        var failures = new List<string>();
        foreach (var target in targets)
        {
            var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("1"), "Version" },
                { new StringContent("probe"), "Input.Title" },
                { new StringContent("probe"), "Body" },
                { new StringContent("true"), "confirm" },
                { new StringContent(portal.Tokens["attachment"]), "attachmentId" },
            };
            using var response = await (await portal.ClientAsync(Role.SmeB)).PostAsync(portal.Resolve(target), content);
            if (response.StatusCode != NotFound)
            {
                failures.Add($"{target}: expected 404, got {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        var unchanged = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(portal.Tokens["request"]));
            var draft = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(portal.Tokens["draft"]));
            return (request.Status, draft.Status, draft.Title, Messages: await db.RequestMessages.CountAsync(m => m.RequestId == request.Id));
        });
        Assert.Equal((RequestStatus.PartnersProposed, RequestStatus.Draft, "메탄 건식 개질 촉매 기술 도입", 1), unchanged);
    }

    /// <summary>
    /// Past authorization and antiforgery (its own valid token), a coordinator of an institute that is not assigned to
    /// company A's request gets 404 on every handler of the request's review page, its workbench and its match, and
    /// nothing changes.
    /// </summary>
    [Fact]
    public async Task A_coordinator_of_another_institute_with_a_valid_form_token_gets_404_on_every_handler_of_the_request_and_its_match()
    {
        var http = await portal.ClientAsync(Role.CoordinatorY);
        var form = await new PortalClient(http).GetPageAsync("/Partners/New");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var handlers = new[] { "StartReview", "Accept", "Return", "Decline", "Transfer", "AddContributor", "RemoveContributor", "Note", "Message" }
            .Select(h => $"/Coordination/Request/{{request}}?handler={h}")
            .Concat(["/Coordination/Matching/{request}?handler=Propose", "/Coordination/Match/{match}?handler=Contacted",
                "/Coordination/Match/{match}?handler=Response", "/Coordination/Match/{match}?handler=Outcome"]);
        var failures = new List<string>();
        foreach (var target in handlers)
        {
            var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("probe"), "Input.Note" },
                { new StringContent("probe"), "Input.Text" },
                { new StringContent("KIMM"), "Input.Organization" },
                { new StringContent("true"), "Input.Confirm" },
                { new StringContent(portal.Tokens["partner"]), "Input.Selected" },
                { new StringContent("true"), "PartnerResponse.Accepted" },
                { new StringContent("Agreement"), "Outcome.Kind" },
                { new StringContent("Mou"), "Outcome.AgreementKind" },
            };
            using var response = await http.PostAsync(portal.Resolve(target), content);
            if (response.StatusCode != NotFound)
            {
                failures.Add($"{target}: expected 404, got {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        var unchanged = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var requestId = Guid.Parse(portal.Tokens["request"]);
            var request = await db.Requests.AsNoTracking().Include(r => r.Contributors).SingleAsync(r => r.Id == requestId);
            return (request.Status, request.LeadOrganizationCode, Contributors: request.Contributors.Count,
                Matches: await db.Matches.CountAsync(m => m.RequestId == requestId),
                MatchStatus: await db.Matches.Where(m => m.RequestId == requestId).Select(m => m.Status).SingleAsync(),
                Notes: await db.RequestInternalNotes.CountAsync(n => n.RequestId == requestId));
        });
        Assert.Equal((RequestStatus.PartnersProposed, "KRICT", 1, 1, Domain.Matches.MatchStatus.Proposed, 0), unchanged);
    }

    private static void Check(List<string> failures, Role role, string method, Row row, HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            failures.Add($"{role,-13} {method,-4} {row.Path}: expected {(int)expected}, got {(int)response.StatusCode}");
        }
        else if (expected == Login && row.Get.Contains(Login) && role == Role.Anonymous &&
                 !response.Headers.Location!.OriginalString.Contains("/Identity/Account/Login", StringComparison.Ordinal) &&
                 !row.Get.All(s => s == Redirect))
        {
            failures.Add($"{role,-13} {method,-4} {row.Path}: redirected to {response.Headers.Location}, not to the sign-in page");
        }
    }

    /// <summary>
    /// Past authorization and antiforgery, a coordinator of an institute that does not organize the event gets 404 on
    /// every handler of its console and its edit page, and the event is unchanged.
    /// </summary>
    [Fact]
    public async Task A_coordinator_of_another_institute_with_a_valid_form_token_gets_404_on_every_handler_of_an_event()
    {
        var http = await portal.ClientAsync(Role.CoordinatorY);
        var form = await new PortalClient(http).GetPageAsync("/Programmes/Events/Manage/Edit");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var targets = new[] { "Publish", "Cancel", "Attendance", "AddMaterial", "RemoveMaterial", "AddSlots", "RemoveSlot", "Decide" }
            .Select(h => $"/Programmes/Events/Manage/Event?id={{event}}&handler={h}&material={{material}}&meeting={UnknownId}&slot={UnknownId}")
            .Append("/Programmes/Events/Manage/Edit?id={event}")
            .Append("/Programmes/Events/Manage/Event?id={draftEvent}&handler=Publish");
        var failures = new List<string>();
        foreach (var target in targets)
        {
            var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("probe"), "CancelReason" },
                { new StringContent("probe"), "MaterialTitle" },
                { new StringContent("true"), "accept" },
                { new StringContent("KATECH"), "Input.OrganizerCode" },
            };
            using var response = await http.PostAsync(portal.Resolve(target), content);
            if (response.StatusCode != NotFound)
            {
                failures.Add($"{target}: expected 404, got {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        var unchanged = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var published = await db.Events.AsNoTracking().SingleAsync(e => e.Id == Guid.Parse(portal.Tokens["event"]));
            var draft = await db.Events.AsNoTracking().SingleAsync(e => e.Id == Guid.Parse(portal.Tokens["draftEvent"]));
            return (published.Status, published.OrganizerCode, draft.Status, Materials: await db.EventMaterials.CountAsync());
        });
        Assert.Equal((Domain.Events.EventStatus.Published, "KRICT", Domain.Events.EventStatus.Draft, 2), unchanged);
    }

    /// <summary>The app with one signed-in client per role: companies A and B, coordinators of KRICT (X) and KATECH (Y), an admin.</summary>
    public sealed class Fixture : PortalFactory
    {
        private readonly Dictionary<Role, HttpClient> _clients = [];

        public Dictionary<Role, string> CompanyNames { get; } = [];

        /// <summary>Ids of company A's resources, substituted for {tokens} in the matrix paths.</summary>
        public Dictionary<string, string> Tokens { get; } = [];

        public string Resolve(string path) => Tokens.Aggregate(path, (p, t) => p.Replace("{" + t.Key + "}", t.Value, StringComparison.Ordinal));

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _clients[Role.Anonymous] = NewClient();
            foreach (var role in new[] { Role.SmeA, Role.SmeB })
            {
                var (email, companyId) = await CreateSmeAsync();
                CompanyNames[role] = "테스트기업 " + email[..8];
                _clients[role] = await SignedInAsync(email);
                if (role == Role.SmeA)
                {
                    await CreateCompanyAResourcesAsync(email, companyId);
                }
            }

            _clients[Role.CoordinatorX] = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
            // Company A's request is led by KRICT with ETRI contributing (DX.AI): KATECH is the institute that is not assigned.
            _clients[Role.CoordinatorY] = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "KATECH"));
            _clients[Role.Admin] = await SignedInAsync(await CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
            await CreateEventsAsync();
            await CreateProgrammeResourcesAsync();
        }

        /// <summary>A published KRICT event and a draft one, each with a material.</summary>
        private async Task CreateEventsAsync()
        {
            Tokens["event"] = (await EventTestSupport.CreatePublishedAsync(this, slots: 1)).ToString();
            Tokens["draftEvent"] = await WithServiceAsync(async sp =>
            {
                var created = await sp.GetRequiredService<EventService>().CreateAsync(EventTestSupport.Agency, EventTestSupport.Input(), default);
                return created.Value.ToString();
            });
            foreach (var (eventKey, materialKey) in new[] { ("event", "material"), ("draftEvent", "draftMaterial") })
            {
                var pdf = "%PDF-1.4\n%matrix\n"u8.ToArray();
                Tokens[materialKey] = await WithServiceAsync(async sp => (await sp.GetRequiredService<EventService>().AddMaterialAsync(EventTestSupport.Agency,
                    Guid.Parse(Tokens[eventKey]), "자료", new UploadedFile("program.pdf", pdf.Length, () => new MemoryStream(pdf)), default)).Value.ToString());
            }
        }

        /// <summary>A plan, a standards item, a published and a draft best practice and a policy proposal, all of institute X (KRICT).</summary>
        private Task<int> CreateProgrammeResourcesAsync() => WithServiceAsync(async sp =>
        {
            var krict = new Actor(null, "matrix", ActorSide.Institute, "KRICT");
            var plan = await sp.GetRequiredService<PlanService>().SaveAsync(krict, null,
                new PlanForm("행렬 과제", "Matrix plan", null, null, "PETROCHEMICAL", [], null, null, null, null, null, null, null), default);
            Tokens["plan"] = plan.Value.ToString();
            var standard = await sp.GetRequiredService<StandardsService>().SaveAsync(krict, null,
                new StandardsForm(StandardKind.Standard, StandardsBody.Iso, "ISO/TC 207", "환경경영", "Environmental management", ["PETROCHEMICAL"], [],
                    StandardStatus.Drafting, null, null, null, null, null, null), default);
            Tokens["standard"] = standard.Value.ToString();
            var knowledge = sp.GetRequiredService<KnowledgeService>();
            Tokens["practice"] = (await knowledge.SavePracticeAsync(krict, null,
                new PracticeForm("공개 사례", "요약", "본문", null, "PETROCHEMICAL", null, null, null, PracticeStatus.Published), default)).Value.ToString();
            Tokens["draftPractice"] = (await knowledge.SavePracticeAsync(krict, null,
                new PracticeForm("초안 사례", "요약", "본문", null, "PETROCHEMICAL", null, null, null, PracticeStatus.Draft), default)).Value.ToString();
            Tokens["proposal"] = (await knowledge.SaveProposalAsync(krict, null,
                new ProposalForm("제언", "문제", "제안", null, PolicyTarget.Regulation, null), default)).Value.ToString();
            return 0;
        });

        public Task<HttpClient> ClientAsync(Role role) => Task.FromResult(_clients[role]);

        /// <summary>A draft, a request with proposed partners, an attachment of each kind (request, message) and a contact person.</summary>
        private async Task CreateCompanyAResourcesAsync(string email, Guid companyId)
        {
            var user = await FindUserAsync(email) ?? throw new InvalidOperationException("SME A is missing.");
            Tokens["user"] = user.Id.ToString();
            Tokens["draft"] = (await TestRequests.CreateCompleteDraftAsync(Services, companyId, user.Id)).ToString();
            var requestId = await TestRequests.CreateInStateAsync(Services, companyId, user.Id, RequestStatus.PartnersProposed);
            Tokens["request"] = requestId.ToString();
            await WithServiceAsync(async sp =>
            {
                var db = sp.GetRequiredService<ConsortiumDbContext>();
                var store = sp.GetRequiredService<AttachmentStore>();
                var request = await db.Requests.SingleAsync(r => r.Id == requestId);
                var actor = TestRequests.CompanyActor(user.Id);
                var pdf = "%PDF-1.4\n%matrix\n"u8.ToArray();
                var own = await store.AddAsync(request, null, new UploadedFile("plan.pdf", pdf.Length, () => new MemoryStream(pdf)), actor, "File", default);
                var message = RequestMessage.Write(request, actor, "첨부합니다.", TimeProvider.System);
                db.RequestMessages.Add(message);
                var sent = await store.AddAsync(request, message.Id, new UploadedFile("answer.pdf", pdf.Length, () => new MemoryStream(pdf)), actor, "File", default);
                await db.SaveChangesAsync();
                Tokens["attachment"] = own.Value!.Id.ToString();
                Tokens["messageAttachment"] = sent.Value!.Id.ToString();
                Tokens["contact"] = (await db.ContactPersons.Where(c => c.CompanyId == companyId).Select(c => c.Id).FirstAsync()).ToString();
                var match = await db.Matches.AsNoTracking().SingleAsync(m => m.RequestId == requestId);
                Tokens["match"] = match.Id.ToString();
                Tokens["partner"] = match.PartnerId.ToString();
                return 0;
            });
        }

        private HttpClient NewClient() => CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        private Task<HttpClient> SignedInAsync(string email) => CreateSignedInClientAsync(email);
    }
}
