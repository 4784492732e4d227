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
/// names an endpoint that no longer exists. A row that names a resource ({request}, {partner}, …) runs on company A's /
/// institute X's resource and on company B's / institute Y's resource of the same kind, so each role's result is stated
/// for the own and the other resource. /Company is always the member's own company (see
/// Company_page_shows_only_the_members_own_company). The valid-token table (<see cref="Writes"/>) covers every named
/// page handler (a guard fails on unlisted ones) and proves, with a snapshot of the database, that refused calls
/// change nothing; Exports_contain_only_the_callers_own_scope checks the exports' content.
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

    /// <summary>
    /// One request of the matrix. A path with {resource} tokens runs twice: on company A's / institute X's resource
    /// (expected <paramref name="Get"/>) and on company B's / institute Y's resource of the same kind (expected
    /// <paramref name="Other"/>), so that each role's cell states the result on its own and on the other resource.
    /// </summary>
    private sealed record Row(string Pattern, string Path, HttpStatusCode[] Get, HttpStatusCode[] Post, HttpStatusCode[]? Other = null);

    private static HttpStatusCode[] All(HttpStatusCode status) => [status, status, status, status, status, status];

    //                                     Anonymous  SmeA       SmeB       CoordX     CoordY     Admin
    private static readonly HttpStatusCode[] SmeOnly = [Login, Ok, Ok, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] SmeOnlyPost = [Login, NoToken, NoToken, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] SignedIn = [Login, Ok, Ok, Ok, Ok, Ok];
    private static readonly HttpStatusCode[] SignedInPost = [Login, NoToken, NoToken, NoToken, NoToken, NoToken];

    // A resource of company A: its members see it, company B gets 404 (nothing leaked), staff are not SMEs (403).
    private static readonly HttpStatusCode[] OwnCompanyA = [Login, Ok, NotFound, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] OwnCompanyB = [Login, NotFound, Ok, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] AdminOnly = [Login, Forbidden, Forbidden, Forbidden, Forbidden, Ok];
    private static readonly HttpStatusCode[] AdminOnlyPost = [Login, Forbidden, Forbidden, Forbidden, Forbidden, NoToken];

    // Institute coordinators (X = KRICT, lead of company A's requests; Y = KATECH, not assigned to them) and agency admins.
    private static readonly HttpStatusCode[] CoordinatorsOnly = [Login, Forbidden, Forbidden, Ok, Ok, Forbidden];
    private static readonly HttpStatusCode[] CoordinatorsOnlyPost = [Login, Forbidden, Forbidden, NoToken, NoToken, Forbidden];
    private static readonly HttpStatusCode[] Staff = [Login, Forbidden, Forbidden, Ok, Ok, Ok];
    private static readonly HttpStatusCode[] StaffPost = [Login, Forbidden, Forbidden, NoToken, NoToken, NoToken];

    // A request (or its match, attachment) assigned to institute X: the other institute gets 404 (nothing leaked).
    private static readonly HttpStatusCode[] AssignedToX = [Login, Forbidden, Forbidden, Ok, NotFound, Forbidden];
    private static readonly HttpStatusCode[] AssignedToY = [Login, Forbidden, Forbidden, NotFound, Ok, Forbidden];

    // A partner owned by institute X: every coordinator reads it, only X's coordinators and admins edit it.
    private static readonly HttpStatusCode[] OwnedByX = [Login, Forbidden, Forbidden, Ok, Forbidden, Ok];
    private static readonly HttpStatusCode[] OwnedByY = [Login, Forbidden, Forbidden, Forbidden, Ok, Ok];

    // An event organized by X's institute (KRICT): its organizers and admins manage it; another institute gets 404.
    private static readonly HttpStatusCode[] EventOfX = [Login, Forbidden, Forbidden, Ok, NotFound, Ok];
    private static readonly HttpStatusCode[] EventOfY = [Login, Forbidden, Forbidden, NotFound, Ok, Ok];

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
        new("Company/Contacts/Edit/{id:guid?}", "/Company/Contacts/Edit/{contact}", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Invitations/Accept", "/Invitations/Accept?code=not-a-token", All(Ok), All(NoToken)),
        new("Requests", "/Requests", SmeOnly, SmeOnlyPost),
        new("Requests/Index", "/Requests/Index?status=open", SmeOnly, SmeOnlyPost),
        new("Requests/Index", "/Requests/Index?handler=Export&format=xlsx&status=open", SmeOnly, SmeOnlyPost),
        new("Requests/New", "/Requests/New", SmeOnly, SmeOnlyPost),
        new("Requests/Edit/{id:guid}/{step?}", "/Requests/Edit/{draft}", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Edit/{id:guid}/{step?}", "/Requests/Edit/{draft}/Review", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Edit/{id:guid}/{step?}", "/Requests/Edit/{draft}/Confidentiality?handler=Upload", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Details/{id:guid}", "/Requests/Details/{request}", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Details/{id:guid}", "/Requests/Details/{request}?handler=Accept", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Details/{id:guid}", "/Requests/Details/{draft}", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Attachment/{id:guid}", "/Requests/Attachment/{attachment}", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Attachment/{id:guid}", "/Requests/Attachment/{messageAttachment}", OwnCompanyA, SmeOnlyPost, OwnCompanyB),
        new("Requests/Attachment/{id:guid}", "/Requests/Attachment/" + UnknownId, [Login, NotFound, NotFound, Forbidden, Forbidden, Forbidden], SmeOnlyPost),
        new("Coordination", "/Coordination", CoordinatorsOnly, CoordinatorsOnlyPost),
        new("Coordination/Index", "/Coordination/Index?status=open&age=3", CoordinatorsOnly, CoordinatorsOnlyPost),
        new("Coordination/Index", "/Coordination/Index?handler=Export&format=csv&role=lead", CoordinatorsOnly, CoordinatorsOnlyPost),
        new("Coordination/Request/{id:guid}", "/Coordination/Request/{request}", AssignedToX, CoordinatorsOnlyPost, AssignedToY),
        new("Coordination/Request/{id:guid}", "/Coordination/Request/{request}?handler=Transfer", AssignedToX, CoordinatorsOnlyPost, AssignedToY),
        new("Coordination/Request/{id:guid}", "/Coordination/Request/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, Forbidden], CoordinatorsOnlyPost),
        new("Coordination/Attachment/{id:guid}", "/Coordination/Attachment/{attachment}", AssignedToX, CoordinatorsOnlyPost, AssignedToY),
        new("Coordination/Attachment/{id:guid}", "/Coordination/Attachment/{messageAttachment}", AssignedToX, CoordinatorsOnlyPost, AssignedToY),
        // A draft is the company's alone: no institute sees it before it is submitted.
        new("Coordination/Request/{id:guid}", "/Coordination/Request/{draft}", [Login, Forbidden, Forbidden, NotFound, NotFound, Forbidden], CoordinatorsOnlyPost,
            [Login, Forbidden, Forbidden, NotFound, NotFound, Forbidden]),
        new("Coordination/Matching/{id:guid}", "/Coordination/Matching/{draft}", [Login, Forbidden, Forbidden, NotFound, NotFound, Forbidden], CoordinatorsOnlyPost,
            [Login, Forbidden, Forbidden, NotFound, NotFound, Forbidden]),
        new("Coordination/Matching/{id:guid}", "/Coordination/Matching/{request}", AssignedToX, CoordinatorsOnlyPost, AssignedToY),
        new("Coordination/Matching/{id:guid}", "/Coordination/Matching/{request}?lookup=Calgary", AssignedToX, CoordinatorsOnlyPost, AssignedToY),
        new("Coordination/Match/{id:guid}", "/Coordination/Match/{match}", AssignedToX, CoordinatorsOnlyPost, AssignedToY),
        new("Partners", "/Partners", Staff, StaffPost),
        new("Partners/Index", "/Partners/Index?country=CA&q=methane", Staff, StaffPost),
        new("Partners/New", "/Partners/New", Staff, StaffPost),
        new("Partners/Details/{id:guid}", "/Partners/Details/{partner}", Staff, StaffPost, Staff),
        new("Partners/Details/{id:guid}", "/Partners/Details/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Partners/Edit/{id:guid}", "/Partners/Edit/{partner}", OwnedByX, StaffPost, OwnedByY),
        new("Partners/Import", "/Partners/Import", Staff, StaffPost),
        new("Partners/Import", "/Partners/Import?handler=Preview&id=" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Partners/Export", "/Partners/Export?country=CA", Staff, StaffPost),
        new("Partners/Export", "/Partners/Export?country=CA&format=xlsx", Staff, StaffPost),
        new("api/v1/requests/{id:guid}/matches", "/api/v1/requests/{request}/matches",
            [Unauthorized, Forbidden, Forbidden, Ok, NotFound, Ok], [Unauthorized, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod],
            [Unauthorized, Forbidden, Forbidden, NotFound, Ok, Ok]),
        new("api/v1/requests/{id:guid}/matches", "/api/v1/requests/{draft}/matches",
            [Unauthorized, Forbidden, Forbidden, NotFound, NotFound, NotFound], [Unauthorized, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod, NoSuchMethod],
            [Unauthorized, Forbidden, Forbidden, NotFound, NotFound, NotFound]),
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
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}", Staff, StaffPost, Staff),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}?handler=Stage", Staff, StaffPost, Staff),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}?handler=Document&documentId=" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound]),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}?handler=Document&documentId={planDocument}", Staff, StaffPost, Staff),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/{plan}?handler=Document&documentId={crossPlanDocument}",
            [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound]),
        new("Programmes/Plans/Details/{id:guid}", "/Programmes/Plans/Details/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Programmes/Plans/Edit/{id:guid?}", "/Programmes/Plans/Edit", Staff, StaffPost),
        new("Programmes/Plans/Edit/{id:guid?}", "/Programmes/Plans/Edit/{plan}", OwnedByX, StaffPost, OwnedByY),
        new("Programmes/Plans/Edit/{id:guid?}", "/Programmes/Plans/Edit/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Programmes/Standards", "/Programmes/Standards", Staff, StaffPost),
        new("Programmes/Standards/Index", "/Programmes/Standards/Index?body=Iso&status=Drafting&sector=ICT&institute=KRICT&within=30&q=ISO", Staff, StaffPost),
        new("Programmes/Standards/Details/{id:guid}", "/Programmes/Standards/Details/{standard}", Staff, StaffPost, Staff),
        new("Programmes/Standards/Details/{id:guid}", "/Programmes/Standards/Details/" + UnknownId, [Login, Forbidden, Forbidden, NotFound, NotFound, NotFound], StaffPost),
        new("Programmes/Standards/Edit/{id:guid?}", "/Programmes/Standards/Edit", Staff, StaffPost),
        new("Programmes/Standards/Edit/{id:guid?}", "/Programmes/Standards/Edit/{standard}", OwnedByX, StaffPost, OwnedByY),
        new("Programmes/Practices", "/Programmes/Practices", SignedIn, SignedInPost),
        new("Programmes/Practices/Index", "/Programmes/Practices/Index?sector=PETROCHEMICAL&q=x", SignedIn, SignedInPost),
        new("Programmes/Practices/Details/{id:guid}", "/Programmes/Practices/Details/{practice}", SignedIn, SignedInPost, SignedIn),
        new("Programmes/Practices/Details/{id:guid}", "/Programmes/Practices/Details/{draftPractice}", [Login, NotFound, NotFound, Ok, Ok, Ok], SignedInPost, [Login, NotFound, NotFound, Ok, Ok, Ok]),
        new("Programmes/Practices/Edit/{id:guid?}", "/Programmes/Practices/Edit", Staff, StaffPost),
        new("Programmes/Practices/Edit/{id:guid?}", "/Programmes/Practices/Edit/{practice}", OwnedByX, StaffPost, OwnedByY),
        new("Programmes/Proposals", "/Programmes/Proposals", Staff, StaffPost),
        new("Programmes/Proposals/Index", "/Programmes/Proposals/Index?status=Submitted&target=Regulation&q=x", Staff, StaffPost),
        new("Programmes/Proposals/Details/{id:guid}", "/Programmes/Proposals/Details/{proposal}", Staff, StaffPost, Staff),
        new("Programmes/Proposals/Details/{id:guid}", "/Programmes/Proposals/Details/{proposal}?handler=Review", Staff, StaffPost, Staff),
        new("Programmes/Proposals/Edit/{id:guid?}", "/Programmes/Proposals/Edit", Staff, StaffPost),
        new("Programmes/Proposals/Edit/{id:guid?}", "/Programmes/Proposals/Edit/{proposal}", OwnedByX, StaffPost, OwnedByY),
        new("Notifications", "/Notifications", SignedIn, SignedInPost),
        new("Notifications/Index", "/Notifications/Index", SignedIn, SignedInPost),
        new("Admin/Users", "/Admin/Users", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Index", "/Admin/Users/Index", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Create", "/Admin/Users/Create", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Index", "/Admin/Users/Index?handler=Export&format=csv&state=active", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Edit/{id:guid}", "/Admin/Users/Edit/{user}", AdminOnly, AdminOnlyPost, AdminOnly),
        new("Admin/Users/Edit/{id:guid}", "/Admin/Users/Edit/" + UnknownId, [Login, Forbidden, Forbidden, Forbidden, Forbidden, NotFound], AdminOnlyPost),
        new("Admin/Organizations", "/Admin/Organizations", AdminOnly, AdminOnlyPost),
        new("Admin/Organizations/Index", "/Admin/Organizations/Index", AdminOnly, AdminOnlyPost),
        new("Admin/Organizations/Edit", "/Admin/Organizations/Edit?code=ETRI", AdminOnly, AdminOnlyPost),
        new("Admin/Organizations/Edit", "/Admin/Organizations/Edit?code=NOPE", [Login, Forbidden, Forbidden, Forbidden, Forbidden, NotFound], AdminOnlyPost),
        new("Admin/Taxonomy", "/Admin/Taxonomy", AdminOnly, AdminOnlyPost),
        new("Admin/Taxonomy/Index", "/Admin/Taxonomy/Index", AdminOnly, AdminOnlyPost),
        new("Admin/Taxonomy/Edit", "/Admin/Taxonomy/Edit?code=H2.PRODUCTION", AdminOnly, AdminOnlyPost),
        new("Admin/Audit", "/Admin/Audit", AdminOnly, AdminOnlyPost),
        new("Admin/PersonalData", "/Admin/PersonalData", AdminOnly, AdminOnlyPost),
        new("Admin/PersonalData/Index", "/Admin/PersonalData/Index?subject=" + UnknownId + "&purpose=Admin.UserAccount", AdminOnly, AdminOnlyPost),
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
        new("Programmes/Events/Details", "/Programmes/Events/Details?id={event}", All(Ok), All(NoToken), All(Ok)),
        new("Programmes/Events/Details", "/Programmes/Events/Details?id={draftEvent}", [NotFound, NotFound, NotFound, Ok, NotFound, Ok], All(NoToken), [NotFound, NotFound, NotFound, NotFound, Ok, Ok]),
        new("Programmes/Events/Details", "/Programmes/Events/Details?id=" + UnknownId, All(NotFound), All(NoToken)),
        new("Programmes/Events/Calendar", "/Programmes/Events/Calendar?id={event}", All(Ok), All(NoToken), All(Ok)),
        new("Programmes/Events/Calendar", "/Programmes/Events/Calendar?id={draftEvent}", [NotFound, NotFound, NotFound, Ok, NotFound, Ok], All(NoToken), [NotFound, NotFound, NotFound, NotFound, Ok, Ok]),
        new("Programmes/Events/Material", "/Programmes/Events/Material?id={material}", All(Ok), All(NoToken), All(Ok)),
        new("Programmes/Events/Material", "/Programmes/Events/Material?id={draftMaterial}", [NotFound, NotFound, NotFound, Ok, NotFound, Ok], All(NoToken), [NotFound, NotFound, NotFound, NotFound, Ok, Ok]),
        new("Programmes/Events/Register", "/Programmes/Events/Register?id={event}", [Login, Redirect, Redirect, Redirect, Redirect, Redirect], SignedInPost, [Login, Redirect, Redirect, Redirect, Redirect, Redirect]),
        new("Programmes/Events/Register", "/Programmes/Events/Register?id={event}&handler=Cancel", [Login, Redirect, Redirect, Redirect, Redirect, Redirect], SignedInPost, [Login, Redirect, Redirect, Redirect, Redirect, Redirect]),
        new("Programmes/Events/Meetings", "/Programmes/Events/Meetings?id={event}", SignedIn, SignedInPost, SignedIn),
        new("Programmes/Events/Meetings", "/Programmes/Events/Meetings?id={draftEvent}", [Login, NotFound, NotFound, Ok, NotFound, Ok], SignedInPost, [Login, NotFound, NotFound, NotFound, Ok, Ok]),
        new("Programmes/Events/Manage", "/Programmes/Events/Manage", Staff, StaffPost),
        new("Programmes/Events/Manage/Index", "/Programmes/Events/Manage/Index", Staff, StaffPost),
        new("Programmes/Events/Manage/Edit", "/Programmes/Events/Manage/Edit", Staff, StaffPost),
        new("Programmes/Events/Manage/Edit", "/Programmes/Events/Manage/Edit?id={event}", EventOfX, StaffPost, EventOfY),
        new("Programmes/Events/Manage/Event", "/Programmes/Events/Manage/Event?id={event}", EventOfX, StaffPost, EventOfY),
        new("Programmes/Events/Manage/Event", "/Programmes/Events/Manage/Event?id={draftEvent}&handler=Publish", EventOfX, StaffPost, EventOfY),
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

    /// <summary>Every row that names a resource states the result on the own and on the other resource (both exist in the fixture).</summary>
    [Fact]
    public void Every_row_with_a_resource_id_has_both_the_own_and_the_other_resource()
    {
        var missing = Matrix.Where(r => r.Path.Contains('{') != (r.Other is not null)).Select(r => r.Path).ToList();
        var tokens = Matrix.Concat(Writes.Select(w => new Row("", w.Path, [], [])))
            .SelectMany(r => System.Text.RegularExpressions.Regex.Matches(r.Path, "{([a-zA-Z]+)}").Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.True(missing.Count == 0, "Rows without an 'other' expectation (or with one but no resource): " + string.Join(", ", missing));
        var unknown = tokens.Where(t => !portal.Tokens.ContainsKey(t) || !portal.OtherTokens.ContainsKey(t)).ToList();
        Assert.True(unknown.Count == 0, "Tokens without both resources: " + string.Join(", ", unknown));
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

                using (var post = await client.PostAsync(path, new FormUrlEncodedContent([new("probe", "1")])))
                {
                    Check(failures, role, "POST", row, row.Post[(int)role], post);
                }

                if (row.Other is { } other)
                {
                    // The same request on company B's / institute Y's resource of the same kind.
                    var otherRow = row with { Path = "[other] " + row.Path };
                    using var get = await client.GetAsync(Fixture.Resolve(row.Path, portal.OtherTokens));
                    Check(failures, role, "GET", otherRow, other[(int)role], get);
                }
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
        Assert.Equal((Domain.Events.EventStatus.Published, "KRICT", Domain.Events.EventStatus.Draft, 4), unchanged);
    }

    /// <summary>
    /// A handler call with a valid antiforgery token of the calling role. <paramref name="Expected"/> is per role
    /// (Anonymous, SME A, SME B, coordinator X, coordinator Y, admin) on company A's / institute X's resource; null
    /// means the role is allowed to act and is not probed (it would change data). A path with {resource} tokens is run
    /// a second time on company B's / institute Y's resource with the roles mirrored (SME A ↔ SME B, X ↔ Y).
    /// <paramref name="Handler"/> is "page/handler" ("page/" for the unnamed OnPost).
    /// </summary>
    private sealed record Write(string Handler, string Path, HttpStatusCode?[] Expected, bool IsGet = false);

    private const HttpStatusCode Refused = Forbidden;
    //                                                 Anon  SmeA    SmeB      CoordX    CoordY    Admin
    private static readonly HttpStatusCode?[] OfCompanyA = [null, null, NotFound, Refused, Refused, Refused];
    private static readonly HttpStatusCode?[] SmeSelf = [null, null, null, Refused, Refused, Refused];
    private static readonly HttpStatusCode?[] OfRequestOfX = [null, Refused, Refused, null, NotFound, Refused];
    private static readonly HttpStatusCode?[] OwnedByXWrite = [null, Refused, Refused, null, Refused, null];
    private static readonly HttpStatusCode?[] OfEventOfX = [null, Refused, Refused, null, NotFound, null];
    private static readonly HttpStatusCode?[] StaffSelf = [null, Refused, Refused, null, null, null];
    private static readonly HttpStatusCode?[] CoordinatorsSelf = [null, Refused, Refused, null, null, Refused];
    private static readonly HttpStatusCode?[] AdminSelf = [null, Refused, Refused, Refused, Refused, null];

    private static readonly Write[] Writes =
    [
        // Company A's draft, request, contacts, invitations (SME B: 404; staff are not SMEs: 403).
        new("Requests/New/", "/Requests/New", SmeSelf),
        new("Requests/Edit/", "/Requests/Edit/{draft}/Need", OfCompanyA),
        new("Requests/Edit/Upload", "/Requests/Edit/{draft}/Confidentiality?handler=Upload", OfCompanyA),
        new("Requests/Edit/RemoveAttachment", "/Requests/Edit/{draft}/Confidentiality?handler=RemoveAttachment&attachmentId={attachment}", OfCompanyA),
        new("Requests/Edit/Submit", "/Requests/Edit/{draft}/Review?handler=Submit", OfCompanyA),
        new("Requests/Details/Message", "/Requests/Details/{request}?handler=Message", OfCompanyA),
        new("Requests/Details/Withdraw", "/Requests/Details/{request}?handler=Withdraw", OfCompanyA),
        new("Requests/Details/Accept", "/Requests/Details/{request}?handler=Accept", OfCompanyA),
        new("Requests/Details/Decline", "/Requests/Details/{request}?handler=Decline", OfCompanyA),
        new("Requests/Details/Outcome", "/Requests/Details/{request}?handler=Outcome", OfCompanyA),
        new("Requests/Index/Export", "/Requests/Index?handler=Export&format=csv", SmeSelf, IsGet: true),
        new("Company/Edit/", "/Company/Edit", SmeSelf),
        new("Company/Contacts/Edit/", "/Company/Contacts/Edit/{contact}", OfCompanyA),
        new("Company/Contacts/Index/Withdraw", "/Company/Contacts?handler=Withdraw&id={contact}", OfCompanyA),
        new("Company/Contacts/Index/Remove", "/Company/Contacts?handler=Remove&id={contact}&confirm=true", OfCompanyA),
        new("Company/Members/Invite", "/Company/Members?handler=Invite", SmeSelf),
        new("Company/Members/Revoke", "/Company/Members?handler=Revoke&id={invitation}", OfCompanyA),
        new("Company/Members/Leave", "/Company/Members?handler=Leave&confirmLeave=true", SmeSelf),

        // Company A's request, assigned to institute X (KRICT): Y gets 404, SMEs and admins are not coordinators (403).
        new("Coordination/Request/StartReview", "/Coordination/Request/{request}?handler=StartReview", OfRequestOfX),
        new("Coordination/Request/Accept", "/Coordination/Request/{request}?handler=Accept", OfRequestOfX),
        new("Coordination/Request/Return", "/Coordination/Request/{request}?handler=Return", OfRequestOfX),
        new("Coordination/Request/Decline", "/Coordination/Request/{request}?handler=Decline", OfRequestOfX),
        new("Coordination/Request/Transfer", "/Coordination/Request/{request}?handler=Transfer", OfRequestOfX),
        new("Coordination/Request/AddContributor", "/Coordination/Request/{request}?handler=AddContributor", OfRequestOfX),
        new("Coordination/Request/RemoveContributor", "/Coordination/Request/{request}?handler=RemoveContributor", OfRequestOfX),
        new("Coordination/Request/Note", "/Coordination/Request/{request}?handler=Note", OfRequestOfX),
        new("Coordination/Request/Message", "/Coordination/Request/{request}?handler=Message", OfRequestOfX),
        new("Coordination/Matching/Propose", "/Coordination/Matching/{request}?handler=Propose", OfRequestOfX),
        new("Coordination/Match/Contacted", "/Coordination/Match/{match}?handler=Contacted", OfRequestOfX),
        new("Coordination/Match/Response", "/Coordination/Match/{match}?handler=Response", OfRequestOfX),
        new("Coordination/Match/Outcome", "/Coordination/Match/{match}?handler=Outcome", OfRequestOfX),
        new("Coordination/Index/Export", "/Coordination/Index?handler=Export&format=csv", CoordinatorsSelf, IsGet: true),

        // Partners owned by X: every coordinator reads them, only X and admins change them.
        new("Partners/New/", "/Partners/New", StaffSelf),
        new("Partners/Edit/", "/Partners/Edit/{partner}", OwnedByXWrite),
        new("Partners/Details/Deactivate", "/Partners/Details/{partner}?handler=Deactivate&version=1", OwnedByXWrite),
        new("Partners/Details/Reactivate", "/Partners/Details/{partner}?handler=Reactivate&version=1", OwnedByXWrite),
        new("Partners/Import/Upload", "/Partners/Import?handler=Upload", StaffSelf),
        new("Partners/Import/Apply", "/Partners/Import?handler=Apply&uploadId=" + UnknownId, StaffSelf),
        new("Partners/Import/Preview", "/Partners/Import?handler=Preview&id=" + UnknownId, StaffSelf, IsGet: true),

        // Programme resources of X.
        new("Programmes/Plans/Edit/", "/Programmes/Plans/Edit/{plan}", OwnedByXWrite),
        new("Programmes/Plans/Details/Stage", "/Programmes/Plans/Details/{plan}?handler=Stage", OwnedByXWrite),
        new("Programmes/Plans/Details/Study", "/Programmes/Plans/Details/{plan}?handler=Study", OwnedByXWrite),
        new("Programmes/Plans/Details/Upload", "/Programmes/Plans/Details/{plan}?handler=Upload", OwnedByXWrite),
        new("Programmes/Plans/Details/Document", "/Programmes/Plans/Details/{plan}?handler=Document&documentId=" + UnknownId,
            [null, Refused, Refused, NotFound, NotFound, NotFound], IsGet: true),
        new("Programmes/Standards/Edit/", "/Programmes/Standards/Edit/{standard}", OwnedByXWrite),
        new("Programmes/Practices/Edit/", "/Programmes/Practices/Edit/{practice}", OwnedByXWrite),
        new("Programmes/Proposals/Edit/", "/Programmes/Proposals/Edit/{proposal}", OwnedByXWrite),
        new("Programmes/Proposals/Details/Review", "/Programmes/Proposals/Details/{proposal}?handler=Review", [null, Refused, Refused, Refused, Refused, null]),

        // Events organized by X; a participant's own registration and meetings.
        new("Programmes/Events/Manage/Edit/", "/Programmes/Events/Manage/Edit?id={event}", OfEventOfX),
        new("Programmes/Events/Manage/Event/Publish", "/Programmes/Events/Manage/Event?id={draftEvent}&handler=Publish", OfEventOfX),
        new("Programmes/Events/Manage/Event/Cancel", "/Programmes/Events/Manage/Event?id={event}&handler=Cancel", OfEventOfX),
        new("Programmes/Events/Manage/Event/Attendance", "/Programmes/Events/Manage/Event?id={event}&handler=Attendance", OfEventOfX),
        new("Programmes/Events/Manage/Event/AddMaterial", "/Programmes/Events/Manage/Event?id={event}&handler=AddMaterial", OfEventOfX),
        new("Programmes/Events/Manage/Event/RemoveMaterial", "/Programmes/Events/Manage/Event?id={event}&handler=RemoveMaterial&material={material}", OfEventOfX),
        new("Programmes/Events/Manage/Event/AddSlots", "/Programmes/Events/Manage/Event?id={event}&handler=AddSlots", OfEventOfX),
        new("Programmes/Events/Manage/Event/RemoveSlot", "/Programmes/Events/Manage/Event?id={event}&handler=RemoveSlot&slot={slot}", OfEventOfX),
        new("Programmes/Events/Manage/Event/Decide", "/Programmes/Events/Manage/Event?id={event}&handler=Decide&meeting={meeting}", OfEventOfX),
        new("Programmes/Events/Register/Cancel", "/Programmes/Events/Register?id={event}&handler=Cancel", [null, null, Redirect, Redirect, Redirect, Redirect]),
        new("Programmes/Events/Meetings/Cancel", "/Programmes/Events/Meetings?id={event}&handler=Cancel&meeting={meeting}", [null, null, NotFound, NotFound, NotFound, NotFound]),
        new("Notifications/Index/MarkAllRead", "/Notifications/Index?handler=MarkAllRead", [null, null, Redirect, null, null, null]),

        // A person's own account (no id: it can only ever be the caller's). Probed where nothing changes: a password form
        // without values is shown again; staff cannot turn the second factor off; SME members without one have no
        // recovery codes to renew. Signing out everywhere would end the role's session: not probed.
        new("Account/Index/Password", "/Account?handler=Password", [null, Ok, Ok, Ok, Ok, Ok]),
        new("Account/Index/DisableTwoFactor", "/Account?handler=DisableTwoFactor", [null, null, null, Redirect, Redirect, Redirect]),
        new("Account/Index/RecoveryCodes", "/Account?handler=RecoveryCodes", [null, Redirect, Redirect, null, null, null]),
        new("Account/Index/SignOutEverywhere", "/Account?handler=SignOutEverywhere", [null, null, null, null, null, null]),
        new("Account/Index/Export", "/Account?handler=Export", [null, Ok, Ok, Ok, Ok, Ok], IsGet: true),
        // Erasing one's own account without the password: the form is shown again with the error; staff are told to ask an admin.
        new("Account/Index/Erase", "/Account?handler=Erase", [null, Ok, Ok, Ok, Ok, Ok]),

        // Statistics and reports: staff only (a coordinator's scope is checked by Exports_contain_only_the_callers_own_scope).
        new("Reports/Index/Export", "/Reports/Index?handler=Export&format=csv", StaffSelf, IsGet: true),
        new("Reports/Requests/Export", "/Reports/Requests?handler=Export&format=csv&figure=stage:submitted", StaffSelf, IsGet: true),
        new("Reports/Matches/Export", "/Reports/Matches?handler=Export&format=csv", StaffSelf, IsGet: true),

        // The agency's administration: admins only.
        new("Admin/Users/Create/", "/Admin/Users/Create", AdminSelf),
        new("Admin/Users/Edit/Role", "/Admin/Users/Edit/{user}?handler=Role", AdminSelf),
        new("Admin/Users/Edit/Deactivate", "/Admin/Users/Edit/{user}?handler=Deactivate", AdminSelf),
        new("Admin/Users/Edit/Reactivate", "/Admin/Users/Edit/{user}?handler=Reactivate", AdminSelf),
        new("Admin/Users/Edit/ResetTwoFactor", "/Admin/Users/Edit/{user}?handler=ResetTwoFactor", AdminSelf),
        new("Admin/Users/Edit/Erase", "/Admin/Users/Edit/{user}?handler=Erase", AdminSelf),
        new("Admin/Users/Edit/Export", "/Admin/Users/Edit/{user}?handler=Export", AdminSelf, IsGet: true),
        new("Admin/Users/Index/Export", "/Admin/Users/Index?handler=Export&format=csv", AdminSelf, IsGet: true),
        new("Admin/Organizations/Edit/", "/Admin/Organizations/Edit?code=ETRI", AdminSelf),
        new("Admin/Taxonomy/Edit/", "/Admin/Taxonomy/Edit?code=H2.PRODUCTION", AdminSelf),
        new("Admin/Taxonomy/Edit/Rename", "/Admin/Taxonomy/Edit?code=H2.PRODUCTION&handler=Rename", AdminSelf),
        new("Admin/Taxonomy/Edit/Delete", "/Admin/Taxonomy/Edit?code=H2.PRODUCTION&handler=Delete", AdminSelf),
        new("Admin/Audit/Index/Export", "/Admin/Audit/Index?handler=Export&format=csv", AdminSelf, IsGet: true),
    ];

    private static Role Mirror(Role role) => role switch
    {
        Role.SmeA => Role.SmeB,
        Role.SmeB => Role.SmeA,
        Role.CoordinatorX => Role.CoordinatorY,
        Role.CoordinatorY => Role.CoordinatorX,
        _ => role,
    };

    /// <summary>The page handlers of the app ("page/handler"), found by reflection over its PageModel types.</summary>
    private static HashSet<string> NamedHandlers() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel)))
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Select(m => System.Text.RegularExpressions.Regex.Match(m.Name, "^On(?:Get|Post)(?!Async$)([A-Z][A-Za-z0-9]*?)(?:Async)?$"))
                .Where(m => m.Success)
                .Select(m => PageKey(t) + "/" + m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static string PageKey(Type type)
    {
        var ns = type.Namespace!.Split('.');
        var folders = ns.SkipWhile(n => n != "Pages").Skip(1);
        var area = ns.SkipWhile(n => n != "Areas").Skip(1).TakeWhile(n => n != "Pages");
        return string.Join("/", area.Concat(folders).Append(type.Name[..^"Model".Length]));
    }

    /// <summary>Fails on any named page handler (OnPostXxx / OnGetXxx) of the app that the valid-token table does not list.</summary>
    [Fact]
    public void Every_named_page_handler_of_the_app_is_in_the_valid_token_table()
    {
        var handlers = NamedHandlers();
        var listed = Writes.Select(w => w.Handler).Where(h => !h.EndsWith('/')).ToHashSet(StringComparer.Ordinal);

        Assert.True(handlers.Count > 50, "The handler enumeration found only " + handlers.Count);
        Assert.True(handlers.SetEquals(listed),
            $"Missing from the valid-token table: [{string.Join(", ", handlers.Except(listed))}]; not a handler: [{string.Join(", ", listed.Except(handlers))}]");
    }

    /// <summary>
    /// Past authorization and antiforgery (each role's own valid token), every handler that acts on a resource refuses
    /// the roles that may not act on it (403, or 404 where the resource's existence must not leak), on the own and on
    /// the other resource, and no row of the database changes.
    /// </summary>
    [Fact]
    public async Task With_a_valid_form_token_every_handler_refuses_the_other_roles_and_changes_nothing()
    {
        var before = await SnapshotAsync();
        var failures = new List<string>();
        var cases = 0;
        foreach (var write in Writes)
        {
            foreach (var (tokens, label, mirrored) in new[] { (portal.Tokens, "own", false), (portal.OtherTokens, "other", true) })
            {
                if (mirrored && !write.Path.Contains('{'))
                {
                    continue;
                }

                foreach (var role in Enum.GetValues<Role>().Where(r => r != Role.Anonymous))
                {
                    if (write.Expected[(int)(mirrored ? Mirror(role) : role)] is not { } expected)
                    {
                        continue;
                    }

                    cases++;
                    var path = Fixture.Resolve(write.Path, tokens);
                    using var response = write.IsGet
                        ? await (await portal.ClientAsync(role)).GetAsync(path)
                        : await (await portal.ClientAsync(role)).PostAsync(path, ProbeForm(portal.FormTokens[role], tokens));
                    if (response.StatusCode != expected)
                    {
                        failures.Add($"{role,-13} {write.Handler} ({label}) {path}: expected {(int)expected}, got {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        var after = await SnapshotAsync();
        var changed = before.Where(t => after[t.Key] != t.Value).Select(t => t.Key).ToList();
        Assert.True(changed.Count == 0, $"{cases} refused calls changed the tables [{string.Join(", ", changed)}]");
        Assert.True(cases > 300, "Only " + cases + " cases ran");
    }

    /// <summary>Every field any handler reads, with probe values that would change something if a handler accepted them.</summary>
    private static MultipartFormDataContent ProbeForm(string token, Dictionary<string, string> tokens)
    {
        var pdf = "%PDF-1.4\n%probe\n"u8.ToArray();
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in new[]
                 {
                     ("__RequestVerificationToken", token), ("Version", "1"), ("Body", "probe"), ("confirm", "true"), ("confirmLeave", "true"),
                     ("attachmentId", tokens["attachment"]), ("Input.Title", "probe"), ("Input.Note", "probe"), ("Input.Text", "probe"),
                     ("Input.Name", "probe"), ("Input.Email", "probe@example.com"), ("Input.Organization", "KIMM"), ("Input.Confirm", "true"),
                     ("Input.Selected", tokens["partner"]), ("Input.OrganizerCode", "KATECH"), ("Input.Role", "ConsortiumAdmin"),
                     ("PartnerResponse.Accepted", "true"), ("Outcome.Kind", "Agreement"), ("Outcome.AgreementKind", "Mou"),
                     ("CancelReason", "probe"), ("MaterialTitle", "probe"), ("accept", "true"), ("Invite.Email", "probe@example.com"),
                     ("Review.Status", "Accepted"), ("Review.Note", "probe"), ("Stage.Stage", "Approved"), ("NameKo", "probe"), ("NameEn", "probe"),
                 })
        {
            content.Add(new StringContent(value), name);
        }

        content.Add(new ByteArrayContent(pdf), "document", "probe.pdf");
        content.Add(new ByteArrayContent(pdf), "file", "probe.pdf");
        content.Add(new ByteArrayContent(pdf), "Upload", "probe.pdf");
        return content;
    }

    /// <summary>An md5 of every row of every table, except the audit trail, data-protection keys and statistics rollups.</summary>
    private Task<Dictionary<string, string>> SnapshotAsync() => portal.WithServiceAsync(async sp =>
    {
        var db = sp.GetRequiredService<ConsortiumDbContext>();
        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'").ToListAsync();
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !t.Contains("audit", StringComparison.OrdinalIgnoreCase) &&
                                                !t.Contains("data_protection", StringComparison.OrdinalIgnoreCase) &&
                                                !t.StartsWith("stats", StringComparison.OrdinalIgnoreCase)))
        {
#pragma warning disable EF1002 // the table names come from information_schema, not from input
            snapshot[table] = await db.Database.SqlQueryRaw<string>(
                $"SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS \"Value\" FROM \"{table}\" t").SingleAsync();
#pragma warning restore EF1002
        }

        return snapshot;
    });

    /// <summary>
    /// The exports of lists and reports hold only the caller's own scope: company A's list export has A's request and
    /// not B's; a coordinator's queue export and report drill-downs have its institute's requests only; SMEs and
    /// coordinators cannot export the staff list or the audit trail (their content never reaches them).
    /// </summary>
    [Fact]
    public async Task Exports_contain_only_the_callers_own_scope()
    {
        await portal.WithServiceAsync(sp => sp.GetRequiredService<Services.Dashboards.StatsRefreshService>().RefreshAsync(true, default));
        async Task<(HttpStatusCode Status, string Text)> Export(Role role, string path)
        {
            using var response = await (await portal.ClientAsync(role)).GetAsync(path);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        const string a = "행렬 A 요청", b = "행렬 B 요청";
        var failures = new List<string>();
        void Expect(Role role, string path, (HttpStatusCode Status, string Text) export, string? contains, params string[] absent)
        {
            if (export.Status != Ok)
            {
                failures.Add($"{role} {path}: {(int)export.Status}");
            }
            else if (contains is not null && !export.Text.Contains(contains, StringComparison.Ordinal))
            {
                failures.Add($"{role} {path}: lacks its own '{contains}'");
            }

            failures.AddRange(absent.Where(x => export.Text.Contains(x, StringComparison.Ordinal)).Select(x => $"{role} {path}: holds another scope's '{x}'"));
        }

        foreach (var (role, own, others) in new[] { (Role.SmeA, a, new[] { b, "행렬 B 초안" }), (Role.SmeB, b, [a, "메탄 건식 개질 촉매 기술 도입"]) })
        {
            const string path = "/Requests/Index?handler=Export&format=csv&status=all";
            Expect(role, path, await Export(role, path), own, others);
        }

        foreach (var (role, own, other, otherInstitute) in new[] { (Role.CoordinatorX, a, b, "KATECH"), (Role.CoordinatorY, b, a, "KRICT") })
        {
            foreach (var path in new[] { "/Coordination/Index?handler=Export&format=csv&status=all", "/Coordination/Index?handler=Export&format=csv&status=all&role=lead" })
            {
                Expect(role, path, await Export(role, path), own, other);
            }

            // The report drill-downs are forced to the coordinator's institute, even when it asks for another one.
            foreach (var path in new[] { "/Reports/Requests?handler=Export&format=csv&figure=stage:proposed", $"/Reports/Requests?handler=Export&format=csv&figure=stage:proposed&institute={otherInstitute}",
                         "/Reports/Matches?handler=Export&format=csv", $"/Reports/Matches?handler=Export&format=csv&institute={otherInstitute}" })
            {
                Expect(role, path, await Export(role, path), null, other);
            }
        }

        // The admin's drill-down has both institutes' requests.
        Expect(Role.Admin, "/Reports/Requests?figure=stage:proposed", await Export(Role.Admin, "/Reports/Requests?handler=Export&format=csv&figure=stage:proposed"), a);
        Expect(Role.Admin, "/Reports/Requests?figure=stage:proposed", await Export(Role.Admin, "/Reports/Requests?handler=Export&format=csv&figure=stage:proposed"), b);

        // Staff lists and the audit trail: only admins; others get no content.
        foreach (var role in new[] { Role.SmeA, Role.SmeB, Role.CoordinatorX, Role.CoordinatorY })
        {
            foreach (var path in new[] { "/Admin/Users/Index?handler=Export&format=csv", "/Admin/Audit/Index?handler=Export&format=xlsx" })
            {
                var export = await Export(role, path);
                if (export.Status != Forbidden || export.Text.Contains("@", StringComparison.Ordinal))
                {
                    failures.Add($"{role} {path}: {(int)export.Status}");
                }
            }
        }

        var users = await Export(Role.Admin, "/Admin/Users/Index?handler=Export&format=csv");
        Expect(Role.Admin, "/Admin/Users export", users, "@", []);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The app with one signed-in client per role: companies A and B, coordinators of KRICT (X) and KATECH (Y), an admin.</summary>
    public sealed class Fixture : PortalFactory
    {
        private readonly Dictionary<Role, HttpClient> _clients = [];

        public Dictionary<Role, string> CompanyNames { get; } = [];

        /// <summary>Ids of company A's and institute X's (KRICT) resources, substituted for {tokens} in the matrix paths.</summary>
        public Dictionary<string, string> Tokens { get; } = [];

        /// <summary>The same kinds of resource of company B and institute Y (KATECH): the "other" resource of each row.</summary>
        public Dictionary<string, string> OtherTokens { get; } = [];

        /// <summary>The antiforgery form token of each signed-in role (read once from a form page the role may open).</summary>
        public Dictionary<Role, string> FormTokens { get; } = [];

        public string Resolve(string path) => Resolve(path, Tokens);

        public static string Resolve(string path, Dictionary<string, string> tokens) =>
            tokens.Aggregate(path, (p, t) => p.Replace("{" + t.Key + "}", t.Value, StringComparison.Ordinal));

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _clients[Role.Anonymous] = NewClient();
            foreach (var role in new[] { Role.SmeA, Role.SmeB })
            {
                var (email, companyId) = await CreateSmeAsync();
                CompanyNames[role] = "테스트기업 " + email[..8];
                _clients[role] = await SignedInAsync(email);
                await CreateCompanyResourcesAsync(email, companyId, role == Role.SmeA ? Tokens : OtherTokens, role == Role.SmeA ? "A" : "B");
                (role == Role.SmeA ? Tokens : OtherTokens)["company"] = companyId.ToString();
            }

            _clients[Role.CoordinatorX] = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
            // Company A's request is led by KRICT with ETRI contributing (DX.AI): KATECH is the institute that is not assigned.
            _clients[Role.CoordinatorY] = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "KATECH"));
            _clients[Role.Admin] = await SignedInAsync(await CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
            await CreateEventsAsync("KRICT", Tokens);
            await CreateEventsAsync("KATECH", OtherTokens);
            await RequestMeetingAsync(Tokens);
            await RequestMeetingAsync(OtherTokens);
            await CreateProgrammeResourcesAsync("KRICT", Tokens);
            await CreateProgrammeResourcesAsync("KATECH", OtherTokens);
            // A document of the other institute's plan asked for under this plan's id (and back).
            Tokens["crossPlanDocument"] = OtherTokens["planDocument"];
            OtherTokens["crossPlanDocument"] = Tokens["planDocument"];
            foreach (var (role, page) in new[] { (Role.SmeA, "/Requests/New"), (Role.SmeB, "/Requests/New"), (Role.CoordinatorX, "/Partners/New"),
                         (Role.CoordinatorY, "/Partners/New"), (Role.Admin, "/Partners/New") })
            {
                var form = await new PortalClient(_clients[role]).GetPageAsync(page);
                FormTokens[role] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            }
        }

        /// <summary>The company's member registers for the institute's published event and asks for a meeting in its slot.</summary>
        private Task<int> RequestMeetingAsync(Dictionary<string, string> tokens) => WithServiceAsync(async sp =>
        {
            var eventId = Guid.Parse(tokens["event"]);
            var actor = new Actor(Guid.Parse(tokens["user"]), "matrix", ActorSide.Company);
            var participation = sp.GetRequiredService<EventParticipationService>();
            Assert.True((await participation.RegisterAsync(actor, eventId, Guid.Parse(tokens["company"]), default)).Succeeded);
            var (slot, institution) = (await EventTestSupport.SlotsAndInstitutionsAsync(this, eventId))[0];
            var meeting = await participation.RequestMeetingAsync(actor, eventId, slot, institution, "행렬", default);
            Assert.True(meeting.Succeeded);
            tokens["meeting"] = meeting.Value.ToString();
            tokens["slot"] = slot.ToString();
            return 0;
        });

        /// <summary>A published event of the institute and a draft one, each with a material.</summary>
        private async Task CreateEventsAsync(string organizer, Dictionary<string, string> tokens)
        {
            var Tokens = tokens;
            Tokens["event"] = (await EventTestSupport.CreatePublishedAsync(this, EventTestSupport.Input(organizer), slots: 1)).ToString();
            Tokens["draftEvent"] = await WithServiceAsync(async sp =>
            {
                var created = await sp.GetRequiredService<EventService>().CreateAsync(EventTestSupport.Agency, EventTestSupport.Input(organizer), default);
                return created.Value.ToString();
            });
            foreach (var (eventKey, materialKey) in new[] { ("event", "material"), ("draftEvent", "draftMaterial") })
            {
                var pdf = "%PDF-1.4\n%matrix\n"u8.ToArray();
                Tokens[materialKey] = await WithServiceAsync(async sp => (await sp.GetRequiredService<EventService>().AddMaterialAsync(EventTestSupport.Agency,
                    Guid.Parse(Tokens[eventKey]), "자료", new UploadedFile("program.pdf", pdf.Length, () => new MemoryStream(pdf)), default)).Value.ToString());
            }
        }

        /// <summary>A plan, a standards item, a published and a draft best practice, a policy proposal and a partner, all of the institute.</summary>
        private Task<int> CreateProgrammeResourcesAsync(string institute, Dictionary<string, string> tokens) => WithServiceAsync(async sp =>
        {
            var Tokens = tokens;
            var krict = new Actor(null, "matrix", ActorSide.Institute, institute);
            if (institute != "KRICT")
            {
                // Institute X's partner is the one proposed on company A's request (owned by KRICT).
                var db = sp.GetRequiredService<ConsortiumDbContext>();
                db.OverseasPartners.Add(Domain.Partners.OverseasPartner.Create(new Domain.Partners.OverseasPartnerData(
                    "P-" + Guid.NewGuid().ToString("N")[..10], "Matrix Y Lab", "행렬 Y 연구소", "CA", "university", ["CCUS.METHANE"], ["joint_research"],
                    3, 7, ["methane"], "Owned by institute Y.", "https://example.org", "y@example.org", [institute]), institute, TimeProvider.System));
                await db.SaveChangesAsync();
                Tokens["partner"] = (await db.OverseasPartners.Where(p => p.OwnerOrganizationCode == institute).Select(p => p.Id).FirstAsync()).ToString();
            }

            var plan = await sp.GetRequiredService<PlanService>().SaveAsync(krict, null,
                new PlanForm("행렬 과제", "Matrix plan", null, null, "PETROCHEMICAL", [], null, null, null, null, null, null, null), default);
            Tokens["plan"] = plan.Value.ToString();
            var pdf = "%PDF-1.4\n%matrix plan\n"u8.ToArray();
            Tokens["planDocument"] = (await sp.GetRequiredService<PlanService>().AddDocumentAsync(krict, plan.Value,
                new UploadedFile("study.pdf", pdf.Length, () => new MemoryStream(pdf)), default)).Value.ToString();
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

        /// <summary>
        /// A draft, a request with proposed partners (company A's led by KRICT with ETRI contributing, company B's moved
        /// to KATECH alone), an attachment of each kind (request, message), a contact person and an open invitation.
        /// </summary>
        private async Task CreateCompanyResourcesAsync(string email, Guid companyId, Dictionary<string, string> tokens, string company)
        {
            var Tokens = tokens;
            var user = await FindUserAsync(email) ?? throw new InvalidOperationException("SME is missing.");
            Tokens["user"] = user.Id.ToString();
            Tokens["draft"] = company == "A"
                ? (await TestRequests.CreateCompleteDraftAsync(Services, companyId, user.Id)).ToString()
                : (await TestRequests.CreateCompleteDraftAsync(Services, companyId, user.Id, "행렬 B 초안")).ToString();
            var requestId = await TestRequests.CreateInStateAsync(Services, companyId, user.Id, RequestStatus.PartnersProposed, $"행렬 {company} 요청");
            Tokens["request"] = requestId.ToString();
            await WithServiceAsync(async sp =>
            {
                var db = sp.GetRequiredService<ConsortiumDbContext>();
                if (company == "B")
                {
                    await db.RequestContributors.Where(c => c.RequestId == requestId).ExecuteDeleteAsync();
                    await db.Requests.Where(r => r.Id == requestId).ExecuteUpdateAsync(u => u.SetProperty(r => r.LeadOrganizationCode, "KATECH"));
                }

                db.CompanyInvitations.Add(Domain.Companies.CompanyInvitation.Create(companyId, $"invitee-{company}-{Guid.NewGuid():N}@example.com",
                    "matrix-" + Guid.NewGuid().ToString("N"), TestRequests.CompanyActor(user.Id), TimeProvider.System));
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
                if (company == "A")
                {
                    Tokens["partner"] = match.PartnerId.ToString();
                }

                Tokens["invitation"] = (await db.CompanyInvitations.Where(i => i.CompanyId == companyId).Select(i => i.Id).FirstAsync()).ToString();
                return 0;
            });
        }

        private HttpClient NewClient() => CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        private Task<HttpClient> SignedInAsync(string email) => CreateSignedInClientAsync(email);
    }
}
