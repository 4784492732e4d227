using System.Diagnostics;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Graceful shutdown under load: the portal on Kestrel (a real socket, HTTPS) is stopped while form posts are inside
/// it. Every post that had arrived is finished and answered (302, saved once); connections made after the stop began
/// are refused, so the sender knows to send again. To make "inside it" certain, a middleware of this test (at the
/// front of the pipeline) holds requests that carry a header for 1.5 s before the portal handles them.
/// </summary>
public sealed class GracefulShutdownTests(GracefulShutdownTests.Factory portal, ITestOutputHelper output) : IClassFixture<GracefulShutdownTests.Factory>
{
    public const string HoldHeader = "X-Test-Hold";

    public sealed class Factory : PortalFactory
    {
        private int _held;

        public int Held => Volatile.Read(ref _held);

        public string BaseUrl { get; private set; } = "";

        /// <summary>The thumbprint of the certificate made for this run: the clients trust exactly that one.</summary>
        public string CertificateHash { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var certificate = BrowserFixture.LoopbackCertificate();
            CertificateHash = certificate.GetCertHashString();
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
            StartServer();
            BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new HoldFilter(this)));
        }

        private sealed class HoldFilter(Factory factory) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, nextMiddleware) =>
                {
                    if (context.Request.Headers.ContainsKey(HoldHeader))
                    {
                        Interlocked.Increment(ref factory._held);
                        await Task.Delay(1500, CancellationToken.None);
                    }

                    await nextMiddleware(context);
                });
                next(app);
            };
        }
    }

    [Fact]
    public async Task Stopping_the_server_finishes_every_post_inside_it_and_refuses_new_connections()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var cookies = new CookieContainer();
        HttpClient Client(bool redirects) => new(new SocketsHttpHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = redirects,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == portal.CertificateHash },
        })
        { BaseAddress = new Uri(portal.BaseUrl) };
        using var browser = new PortalClient(Client(redirects: true));
        await browser.SignInAsync(email);
        using var poster = Client(redirects: false);

        const int posts = 12;
        var forms = new List<(IHtmlDocument Page, Guid Key)>();
        for (var i = 0; i < posts; i++)
        {
            var page = await browser.GetPageAsync("/Requests/New");
            forms.Add((page, Guid.Parse(page.QuerySelector<IHtmlInputElement>("input[name='Input.ClientKey']")!.Value)));
        }

        var inFlight = forms.Select((form, i) => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/Requests/New")
            {
                Content = new FormUrlEncodedContent(RequestWizardSupport.FieldsOf(form.Page, "#step-form",
                    [("Input.Title", $"종료 중 접수 {i}"), ("Input.CooperationTypeCode", "technology_introduction")])),
            };
            request.Headers.Add(HoldHeader, "1");
            using var response = await poster.SendAsync(request);
            return (response.StatusCode, Location: response.Headers.Location?.OriginalString);
        })).ToList();

        // Every post is inside the server before the stop begins.
        var wait = Stopwatch.StartNew();
        while (portal.Held < posts)
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(10), $"only {portal.Held} of {posts} posts arrived");
            await Task.Delay(10);
        }

        var stopwatch = Stopwatch.StartNew();
        var stopping = portal.Services.GetRequiredService<IHost>().StopAsync();
        await Task.Delay(200);

        // A connection made now is refused: the sender learns at once that nothing was received.
        using var late = Client(redirects: false);
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => late.GetAsync("/health/live"));

        var answers = await Task.WhenAll(inFlight);
        await stopping;
        output.WriteLine($"stop took {stopwatch.ElapsedMilliseconds} ms; {posts} posts in flight; answers: " +
            string.Join(", ", answers.GroupBy(a => a.StatusCode).Select(g => $"{(int)g.Key}×{g.Count()}")) + $"; new connection: {refused.Message}");

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.Redirect, a.StatusCode);
            Assert.StartsWith("/Requests/Edit/", a.Location, StringComparison.Ordinal);
        });

        // Each one saved once, with the id it was answered with.
        await using var connection = new NpgsqlConnection(portal.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT client_key, id FROM partnership_requests WHERE company_id = @company", connection);
        query.Parameters.AddWithValue("company", companyId);
        var saved = new List<(Guid Key, Guid Id)>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                saved.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }

        Assert.Equal(posts, saved.Count);
        Assert.Equal(forms.Select(f => f.Key).Order(), saved.Select(s => s.Key).Order());
        Assert.Equal(answers.Select(a => Guid.Parse(a.Location!.Split('/')[3])).Order(), saved.Select(s => s.Id).Order());
    }
}
