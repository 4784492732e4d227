using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>One HTTP response as the harness saw it: status, the server's own time and SQL commands (Server-Timing), the client's time.</summary>
/// <param name="RenewedSession">The response renewed the sign-in cookie: the once-a-minute re-validation of the session (the
/// account's security stamp, roles and claims read again) ran in this request, on top of the page's own commands.</param>
public sealed record Timed(string Url, int Status, double ServerMs, double DbMs, int Commands, double ClientMs, int Bytes, bool RenewedSession = false);

/// <summary>A browser-like session with the portal (cookies, sign-in through the real form with its antiforgery token).</summary>
public sealed partial class PortalSession : IDisposable
{
    private static readonly Dictionary<string, long> LastTotpSteps = new(StringComparer.OrdinalIgnoreCase);

    private readonly HttpClient client;
    private readonly CookieContainer cookies = new();
    private readonly Uri cookieAddress;

    public PortalSession(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        // The portal's cookies are Secure (__Host-); the benchmark talks plain HTTP on loopback, so the jar files them
        // under the https form of the address, as a browser treats 127.0.0.1 as a secure origin.
        cookieAddress = new UriBuilder(baseAddress) { Scheme = Uri.UriSchemeHttps }.Uri;
        client = new HttpClient(new SecureCookieHandler(cookies, cookieAddress, new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        }))
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    /// <summary>The Cookie header a load generator sends to be this signed-in user.</summary>
    public string CookieHeader => cookies.GetCookieHeader(cookieAddress);

    public async Task SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var form = await client.GetStringAsync("/Identity/Account/Login", cancellationToken);
        var token = AntiforgeryToken().Match(form);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        }

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        using var response = await client.PostAsync("/Identity/Account/Login", content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString.Contains("/Identity/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Staff: the second step, with a code of the generated accounts' authenticator key (each code good once).
            var second = await client.GetStringAsync(response.Headers.Location, cancellationToken);
            var secondToken = AntiforgeryToken().Match(second);
            using var code = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Code"] = await NextCodeAsync(email, cancellationToken),
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(secondToken.Groups[1].Value),
            });
            using var verified = await client.PostAsync(response.Headers.Location, code, cancellationToken);
            Check(verified, email);
            return;
        }

        Check(response, email);
    }

    private void Check(HttpResponseMessage response, string email)
    {
        if (response.StatusCode != HttpStatusCode.Redirect || !CookieHeader.Contains("__Host-cnc.auth=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {email} failed: HTTP {(int)response.StatusCode} (was the database generated with this password?).");
        }
    }

    private static async Task<string> NextCodeAsync(string email, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = CarbonNeutralConsortium.Services.Identity.Totp.StepAt(DateTimeOffset.UtcNow);
            lock (LastTotpSteps)
            {
                var step = Math.Max(now, LastTotpSteps.GetValueOrDefault(email, long.MinValue) + 1);
                if (step <= now + 1)
                {
                    LastTotpSteps[email] = step;
                    return CarbonNeutralConsortium.Services.Identity.Totp.Code(CarbonNeutralConsortium.Services.Identity.DemoAuthenticator.Key, step);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public async Task<Timed> GetAsync(string url, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        watch.Stop();
        double server = double.NaN, db = double.NaN;
        var commands = -1;
        if (response.Headers.TryGetValues("Server-Timing", out var values))
        {
            var header = string.Join(", ", values);
            var app = AppDuration().Match(header);
            var sql = DbDuration().Match(header);
            if (app.Success)
            {
                server = double.Parse(app.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            if (sql.Success)
            {
                db = double.Parse(sql.Groups[1].Value, CultureInfo.InvariantCulture);
                commands = int.Parse(sql.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        var renewed = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("__Host-cnc.auth=", StringComparison.Ordinal));
        return new Timed(url, (int)response.StatusCode, server, db, commands, watch.Elapsed.TotalMilliseconds, body.Length, renewed);
    }

    public void Dispose() => client.Dispose();

    /// <summary>Sends the jar's cookies and files the Set-Cookie answers, under the https form of the address.</summary>
    private sealed class SecureCookieHandler(CookieContainer jar, Uri address, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = jar.GetCookieHeader(address);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                foreach (var value in values)
                {
                    jar.SetCookies(address, value);
                }
            }

            return response;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"app;dur=([0-9.]+)")]
    private static partial Regex AppDuration();

    [GeneratedRegex("db;dur=([0-9.]+);desc=\"([0-9]+)\"")]
    private static partial Regex DbDuration();
}
