using System.Net;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// X-Forwarded-For / X-Forwarded-Proto are believed only from a proxy on loopback or in a network of
/// "ForwardedHeaders:KnownNetworks" (docker-compose sets its network, where nginx is): each request is sent with the
/// address of the peer it comes from, and the test looks at the client address and scheme the app worked with, and at
/// HSTS, which the app sends only on a request it takes for HTTPS.
/// </summary>
public sealed class ForwardedHeadersTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string ComposeNetwork = "10.208.80.0/24";

    [Fact]
    public async Task Without_the_setting_only_a_loopback_proxy_is_believed()
    {
        var fromLoopback = await SendAsync(portal, "127.0.0.1");
        var fromComposeNetwork = await SendAsync(portal, "10.208.80.5");

        Assert.Equal(("198.51.100.23", "https", true), fromLoopback);
        Assert.Equal(("10.208.80.5", "http", false), fromComposeNetwork);
    }

    [Fact]
    public async Task A_configured_network_is_believed_and_an_address_outside_it_is_not()
    {
        await using var trusting = portal.WithWebHostBuilder(b => b.UseSetting("ForwardedHeaders:KnownNetworks:0", ComposeNetwork));

        // nginx in the compose network, over IPv4 or as Kestrel may see it on a dual-stack socket (IPv4-mapped IPv6).
        Assert.Equal(("198.51.100.23", "https", true), await SendAsync(trusting, "10.208.80.5"));
        Assert.Equal(("198.51.100.23", "https", true), await SendAsync(trusting, "::ffff:10.208.80.77"));
        Assert.Equal(("198.51.100.23", "https", true), await SendAsync(trusting, "127.0.0.1"));

        // Anyone else: another private network next to it, a public address. Their headers change nothing.
        Assert.Equal(("10.208.81.5", "http", false), await SendAsync(trusting, "10.208.81.5"));
        Assert.Equal(("203.0.113.9", "http", false), await SendAsync(trusting, "203.0.113.9"));
    }

    [Fact]
    public async Task The_client_address_is_the_one_the_trusted_proxy_added_not_one_the_client_made_up()
    {
        await using var trusting = portal.WithWebHostBuilder(b => b.UseSetting("ForwardedHeaders:KnownNetworks:0", ComposeNetwork));

        // nginx appends the peer's address to whatever X-Forwarded-For the client sent ($proxy_add_x_forwarded_for).
        var seen = await SendAsync(trusting, "10.208.80.5", forwardedFor: "127.0.0.1, 198.51.100.23");

        Assert.Equal(("198.51.100.23", "https", true), seen);
    }

    [Theory]
    [InlineData("10.208.80.0/24, fd00:cc::/64", "10.208.80.5", true)]
    [InlineData("10.208.80.0/24, fd00:cc::/64", "fd00:cc::9", true)]
    [InlineData("10.208.80.0/24, fd00:cc::/64", "fd00:cd::9", false)]
    [InlineData("10.208.80.1/24", "10.208.80.77", true)]
    [InlineData("10.208.80.1/24", "10.208.81.77", false)]
    [InlineData("", "10.208.80.5", false)]
    public void The_setting_is_read_as_CIDR_networks_from_a_list_or_one_comma_separated_value(string setting, string peer, bool believed)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PortalWebSetup.KnownNetworksSetting] = setting }).Build();

        var options = new ForwardedHeadersOptions();
        PortalWebSetup.ConfigureForwardedHeaders(options, configuration);

        Assert.Equal(believed, options.KnownIPNetworks.Any(n => n.Contains(IPAddress.Parse(peer))));
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("10.208.80.0/33")]
    [InlineData("10.208.300.0/24")]
    [InlineData("compose")]
    public async Task A_value_that_is_not_a_network_stops_the_start_and_names_the_setting(string value)
    {
        await using var broken = portal.WithWebHostBuilder(b => b.UseSetting("ForwardedHeaders:KnownNetworks:0", value));

        var error = Assert.ThrowsAny<Exception>(() => broken.Server);

        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains($"ForwardedHeaders:KnownNetworks: '{value}' is not a network", messages, StringComparison.Ordinal);
    }

    /// <summary>A GET of a page as if it came from <paramref name="peer"/>, with a proxy's headers for an HTTPS client.</summary>
    private static async Task<(string Client, string Scheme, bool Hsts)> SendAsync(
        WebApplicationFactory<Program> factory, string peer, string forwardedFor = "198.51.100.23")
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("portal.example");
            c.Request.Path = "/health/live";
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        });

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var client = context.Connection.RemoteIpAddress!;
        return (client.IsIPv4MappedToIPv6 ? client.MapToIPv4().ToString() : client.ToString(), context.Request.Scheme,
            context.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
