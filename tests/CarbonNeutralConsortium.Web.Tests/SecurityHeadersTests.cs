using System.Net;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Every response carries the security headers; the policy allows no inline script or style and no framing.</summary>
public sealed class SecurityHeadersTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/Programmes/Events", HttpStatusCode.OK)]
    [InlineData("/Identity/Account/Login", HttpStatusCode.OK)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    public async Task Pages_static_files_and_errors_carry_the_security_headers(string path, HttpStatusCode status)
    {
        using var client = portal.CreatePortalClient();
        using var response = await client.Http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.Policy, csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
    }
}
