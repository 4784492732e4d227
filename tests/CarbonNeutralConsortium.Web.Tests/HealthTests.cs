using System.Net;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class HealthTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_Healthy_without_signing_in(string path)
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_unhealthy_and_live_stays_healthy_when_PostgreSQL_cannot_be_reached()
    {
        await using var broken = portal.WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Default", "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=none;Timeout=2"));
        using var client = broken.CreateClient();

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
