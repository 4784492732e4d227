using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

/// <summary>
/// The portal on Kestrel at a real loopback URL over HTTPS (a self-signed certificate made for the run: the portal's
/// cookies are Secure and its antiforgery refuses plain HTTP), and Debian's Chromium driven by Playwright (never a
/// downloaded browser: ExecutablePath is /usr/bin/chromium, or CNC_CHROMIUM).
/// </summary>
public sealed class BrowserFixture : PortalFactory
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotDirectory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("CNC_SCREENSHOT_DIR");
            if (string.IsNullOrEmpty(directory))
            {
                directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
            }

            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var certificate = LoopbackCertificate();
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CNC_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A certificate for 127.0.0.1 and localhost, valid for a week, made in memory.</summary>
    internal static X509Certificate2 LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            IgnoreHTTPSErrors = true, // the run's own self-signed certificate
            Locale = "ko-KR",
            TimezoneId = "Asia/Seoul",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },

            // Bootstrap scrolls smoothly unless reduced motion is asked for; a click during that scroll can miss its target
            // on a loaded machine ("element is not stable", then a checkbox that did not change).
            ReducedMotion = ReducedMotion.Reduce,
        });
        return await context.NewPageAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
