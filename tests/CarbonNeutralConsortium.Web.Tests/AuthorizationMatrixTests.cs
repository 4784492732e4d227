using System.Net;
using CarbonNeutralConsortium.Domain.Common;
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

    private sealed record Row(string Pattern, string Path, HttpStatusCode[] Get, HttpStatusCode[] Post);

    private static HttpStatusCode[] All(HttpStatusCode status) => [status, status, status, status, status, status];

    //                                     Anonymous  SmeA       SmeB       CoordX     CoordY     Admin
    private static readonly HttpStatusCode[] SmeOnly = [Login, Ok, Ok, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] SmeOnlyPost = [Login, NoToken, NoToken, Forbidden, Forbidden, Forbidden];
    private static readonly HttpStatusCode[] AdminOnly = [Login, Forbidden, Forbidden, Forbidden, Forbidden, Ok];
    private static readonly HttpStatusCode[] AdminOnlyPost = [Login, Forbidden, Forbidden, Forbidden, Forbidden, NoToken];

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
        new("Admin/Users", "/Admin/Users", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Index", "/Admin/Users/Index", AdminOnly, AdminOnlyPost),
        new("Admin/Users/Create", "/Admin/Users/Create", AdminOnly, AdminOnlyPost),
        new("Identity/Account/Login", "/Identity/Account/Login", All(Ok), All(NoToken)),
        new("Identity/Account/Logout", "/Identity/Account/Logout", All(Redirect), All(NoToken)),
        new("Identity/Account/Register", "/Identity/Account/Register", All(Ok), All(NoToken)),
        new("Identity/Account/ForgotPassword", "/Identity/Account/ForgotPassword", All(Ok), All(NoToken)),
        new("Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/ForgotPasswordConfirmation", All(Ok), All(NoToken)),
        new("Identity/Account/ResetPassword", "/Identity/Account/ResetPassword", All(Ok), All(NoToken)),
        new("Identity/Account/ResetPasswordConfirmation", "/Identity/Account/ResetPasswordConfirmation", All(Ok), All(NoToken)),
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
                using (var get = await client.GetAsync(row.Path))
                {
                    Check(failures, role, "GET", row, row.Get[(int)role], get);
                }

                using var post = await client.PostAsync(row.Path, new FormUrlEncodedContent([new("probe", "1")]));
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

    /// <summary>The app with one signed-in client per role: companies A and B, coordinators of KRICT (X) and ETRI (Y), an admin.</summary>
    public sealed class Fixture : PortalFactory
    {
        private readonly Dictionary<Role, HttpClient> _clients = [];

        public Dictionary<Role, string> CompanyNames { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _clients[Role.Anonymous] = NewClient();
            foreach (var role in new[] { Role.SmeA, Role.SmeB })
            {
                var (email, companyId) = await CreateSmeAsync();
                CompanyNames[role] = "테스트기업 " + email[..8];
                _clients[role] = await SignedInAsync(email);
            }

            _clients[Role.CoordinatorX] = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
            _clients[Role.CoordinatorY] = await SignedInAsync(await CreateStaffAsync(PortalRoles.InstituteCoordinator, "ETRI"));
            _clients[Role.Admin] = await SignedInAsync(await CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
        }

        public Task<HttpClient> ClientAsync(Role role) => Task.FromResult(_clients[role]);

        private HttpClient NewClient() => CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        private async Task<HttpClient> SignedInAsync(string email)
        {
            var http = NewClient();
            var client = new PortalClient(http);
            var login = await client.GetPageAsync("/Identity/Account/Login");
            using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = Password });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return http;
        }
    }
}
