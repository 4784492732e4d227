using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// What reaches the logs (QUALITY.md, ASVS 5.0 level 2): every authentication and authorization failure with a
/// reason code, and never a password, a token, a key, a code or personal data. A sink in the test collects every
/// event the app writes (at Debug level, the framework included) while people register, sign in wrongly and
/// rightly, reset a password, set up two-factor, use a recovery code and try what they may not.
/// </summary>
public sealed partial class LogRedactionTests(LogRedactionTests.Factory portal) : IClassFixture<LogRedactionTests.Factory>
{
    public sealed class Factory : PortalFactory
    {
        public Collector Events { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Serilog:MinimumLevel:Default", "Debug");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Authentication", "Debug");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Authorization", "Debug");
            builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Events));
        }
    }

    /// <summary>Every event, rendered with its properties and exception, as a log line would carry it.</summary>
    public sealed class Collector : ILogEventSink
    {
        private readonly ConcurrentQueue<string> lines = new();

        public IReadOnlyCollection<string> Lines => lines.ToArray();

        public void Emit(LogEvent logEvent)
        {
            var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
            lines.Enqueue($"{logEvent.Level} {logEvent.RenderMessage()} {properties} {logEvent.Exception}");
        }
    }

    [Fact]
    public async Task Failures_are_logged_with_reason_codes_and_no_secret_or_personal_data_reaches_a_log_line()
    {
        var secrets = new List<string>();

        // An SME registers through the form and signs in wrongly, then rightly.
        const string person = "비밀스런홍길동";
        var email = $"very-private-{Guid.NewGuid():N}@example.com";
        var digits = BusinessNumbers.NewValid();
        using var sme = portal.CreatePortalClient();
        var form = await sme.GetPageAsync("/Identity/Account/Register");
        var registered = await sme.SubmitForPageAsync(form, "main form", new Dictionary<string, string?>
        {
            ["Input.CompanyNameKo"] = "로그검사(주)", ["Input.CompanyNameEn"] = "Log Check Co", ["Input.BusinessRegistrationNumber"] = $"{digits[..3]}-{digits[3..5]}-{digits[5..]}",
            ["Input.Size"] = "Small", ["Input.SectorCode"] = "PETROCHEMICAL", ["Input.DisplayName"] = person, ["Input.Email"] = email,
            ["Input.Password"] = PortalFactory.Password, ["Input.ConfirmPassword"] = PortalFactory.Password, ["Input.PrivacyConsent"] = "true",
        });
        secrets.AddRange([person, email, PortalFactory.Password, digits]);
        Assert.NotNull(registered.QuerySelector("[data-testid=signed-in-as]"));
        await sme.SubmitForPageAsync(registered, "form[action='/Identity/Account/Logout']", new Dictionary<string, string?>());
        const string wrongPassword = "a-wrong-but-long-password-42";
        secrets.Add(wrongPassword);
        var login = await sme.GetPageAsync("/Identity/Account/Login");
        await sme.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = wrongPassword });

        // A password reset: the e-mailed token and the new password.
        var forgot = await sme.GetPageAsync("/Identity/Account/ForgotPassword");
        await sme.SubmitForPageAsync(forgot, "main form", new Dictionary<string, string?> { ["Input.Email"] = email });
        var mail = await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(email, StringComparison.Ordinal) && ResetLink().IsMatch(m.TextBody ?? ""));
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value);
        var code = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        secrets.Add(code);
        const string newPassword = "the-new-secret-passphrase-99";
        secrets.Add(newPassword);
        var reset = await sme.GetPageAsync(link.PathAndQuery);
        await sme.SubmitForPageAsync(reset, "main form", new Dictionary<string, string?> { ["Input.Password"] = newPassword, ["Input.ConfirmPassword"] = newPassword });
        await sme.SignInAsync(email, newPassword);

        // Authorization failures: a staff page, another company's request, a form without its token; and anonymous.
        await sme.GetPageAsync("/Coordination", System.Net.HttpStatusCode.Forbidden);
        await sme.GetPageAsync($"/Requests/Details/{Guid.NewGuid()}", System.Net.HttpStatusCode.NotFound);
        using (var noToken = await sme.Http.PostAsync("/Company/Edit", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.NameKo"] = "x" })))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, noToken.StatusCode);
        }

        using var anonymous = portal.CreatePortalClient(followRedirects: false);
        using (await anonymous.Http.GetAsync("/Company"))
        {
        }

        // A coordinator sets up two-factor (key, codes), then types a wrong code and uses a recovery code.
        var staff = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        secrets.Add(staff);
        using var coordinator = portal.CreatePortalClient();
        var setup = await coordinator.SubmitForPageAsync(await coordinator.GetPageAsync("/Identity/Account/Login"), "main form",
            new Dictionary<string, string?> { ["Input.Email"] = staff, ["Input.Password"] = PortalFactory.Password });
        var key = setup.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        TestTwoFactor.Remember(staff, key);
        secrets.Add(key);
        var enrolled = await coordinator.SubmitForPageAsync(setup, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(staff) });
        var recoveryCodes = enrolled.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
        secrets.AddRange(recoveryCodes);
        using var second = portal.CreatePortalClient();
        var step = await second.SubmitForPageAsync(await second.GetPageAsync("/Identity/Account/Login"), "main form",
            new Dictionary<string, string?> { ["Input.Email"] = staff, ["Input.Password"] = PortalFactory.Password });
        var wrongCode = WrongTotp.For(key);
        await second.SubmitForPageAsync(step, "main form", new Dictionary<string, string?> { ["Input.Code"] = wrongCode });
        var recovery = await second.GetPageAsync("/Identity/Account/LoginWithRecoveryCode");
        var signedIn = await second.SubmitForPageAsync(recovery, "main form", new Dictionary<string, string?> { ["Input.RecoveryCode"] = recoveryCodes[0] });
        Assert.NotNull(signedIn.QuerySelector("[data-testid=signed-in-as]"));

        await Task.Delay(500); // the request log of the last response is written after it was sent
        var lines = portal.Events.Lines;
        Assert.NotEmpty(lines);
        foreach (var secret in secrets.Where(s => s.Length >= 6))
        {
            var leaks = lines.Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(leaks.Count == 0, $"A log line carries a secret or personal data ({secret[..3]}…): {leaks.FirstOrDefault()}");
        }

        Assert.DoesNotContain(lines, l => l.Contains("__Host-cnc.auth=", StringComparison.Ordinal) || l.Contains("__RequestVerificationToken", StringComparison.Ordinal));
        foreach (var reason in new[]
        {
            "bad_credentials", "role_or_policy", "resource_not_found_or_denied", "antiforgery_invalid", "not_signed_in",
            "totp_invalid", "two_factor_code_refused", "two_factor_not_completed",
        })
        {
            Assert.True(lines.Any(l => l.Contains(reason, StringComparison.Ordinal)), $"No log line with the reason {reason}.");
        }
    }

    [GeneratedRegex(@"https?://\S+/Identity/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();
}

internal static class WrongTotp
{
    /// <summary>A six-digit code that none of the steps the portal accepts now would make.</summary>
    public static string For(string key)
    {
        var now = CarbonNeutralConsortium.Services.Identity.Totp.StepAt(DateTimeOffset.UtcNow);
        var valid = Enumerable.Range(-2, 5).Select(d => CarbonNeutralConsortium.Services.Identity.Totp.Code(key, now + d)).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => (123456 + i * 7919).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }
}
