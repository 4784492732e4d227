using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Rate limits at their production values (QUALITY.md: 429 on sign-in, registration, password reset, submissions
/// and imports): sign-in, registration and reset share 10 POSTs a minute per client address; submissions 30 a
/// minute per user; imports 10 per 10 minutes per user. Pages (GET) are never limited.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.Factory portal) : IClassFixture<RateLimitTests.Factory>
{
    /// <summary>The portal at the production limits (one per test class: the sign-in bucket is per client address,
    /// and every in-memory test client comes from the same one).</summary>
    public sealed class Factory : PortalFactory
    {
        protected override bool RaiseRateLimits => false;
    }

    [Fact]
    public async Task Sign_in_registration_and_password_reset_share_ten_posts_a_minute_then_get_429_with_retry_after()
    {
        using var client = portal.CreatePortalClient();
        for (var i = 0; i < 40; i++)
        {
            await client.GetPageAsync("/Identity/Account/Login"); // pages are not limited
        }

        var login = await client.GetPageAsync("/Identity/Account/Login");
        var register = await client.GetPageAsync("/Identity/Account/Register");
        var forgot = await client.GetPageAsync("/Identity/Account/ForgotPassword");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = $"guess{i}@example.com", ["Input.Password"] = "wrong-password-" + i });
            statuses.Add(response.StatusCode);
        }

        using (var registration = await client.SubmitAsync(register, "main form", new Dictionary<string, string?> { ["Input.CompanyNameKo"] = "" }))
        {
            statuses.Add(registration.StatusCode);
        }

        using (var reset = await client.SubmitAsync(forgot, "main form", new Dictionary<string, string?> { ["Input.Email"] = "someone@example.com" }))
        {
            statuses.Add(reset.StatusCode);
        }

        Assert.All(statuses, s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));

        using var limited = await client.SubmitAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = "guess@example.com", ["Input.Password"] = "wrong-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        var page = await PortalClient.ParseAsync(await limited.Content.ReadAsStringAsync(), new Uri("https://localhost/"));
        Assert.Equal("요청이 너무 많습니다", page.QuerySelector("h1")!.TextContent.Trim());

        using var limitedReset = await client.SubmitAsync(forgot, "main form", new Dictionary<string, string?> { ["Input.Email"] = "someone@example.com" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedReset.StatusCode);

        // In English too.
        client.Http.DefaultRequestHeaders.Add("Cookie", "__Host-cnc.lang=c%3Den%7Cuic%3Den");
        using var english = await client.SubmitAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = "guess@example.com", ["Input.Password"] = "wrong-password" });
        var englishPage = await PortalClient.ParseAsync(await english.Content.ReadAsStringAsync(), new Uri("https://localhost/"));
        Assert.Equal(HttpStatusCode.TooManyRequests, english.StatusCode);
        Assert.Equal("Too many requests", englishPage.QuerySelector("h1")!.TextContent.Trim());
    }

}

/// <summary>Per-user limits (a class of its own: see <see cref="RateLimitTests.Factory"/>).</summary>
public sealed class UserRateLimitTests(RateLimitTests.Factory portal) : IClassFixture<RateLimitTests.Factory>
{
    [Fact]
    public async Task Submissions_are_limited_per_user_and_one_users_flood_does_not_stop_another()
    {
        var (flooder, _) = await portal.CreateSmeAsync();
        var (other, _) = await portal.CreateSmeAsync();
        using var a = portal.CreatePortalClient();
        using var b = portal.CreatePortalClient();
        await a.SignInAsync(flooder);
        await b.SignInAsync(other);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            // Posts without a form token still count: the limit comes before anything else.
            using var response = await a.Http.PostAsync("/Requests/New", new FormUrlEncodedContent([]));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[30]);
        using var fromB = await b.Http.PostAsync("/Requests/New", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, fromB.StatusCode);
        using var pageOfA = await a.Http.GetAsync("/Requests");
        Assert.Equal(HttpStatusCode.OK, pageOfA.StatusCode);
    }

    [Fact]
    public async Task Partner_imports_are_limited_to_ten_per_ten_minutes_per_user()
    {
        var coordinator = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(coordinator);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.Http.PostAsync("/Partners/Import", new FormUrlEncodedContent([]));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }
}
