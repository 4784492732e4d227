using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Sessions, two-factor enforcement and rate limits (ASVS 5.0 level 2, QUALITY.md):
/// <list type="bullet">
/// <item>every cookie is <c>__Host-</c> prefixed, Secure, HttpOnly and SameSite=Lax (so clients must use HTTPS;
/// browsers also accept Secure cookies from http://localhost and http://127.0.0.1 for development);</item>
/// <item>staff sessions end after 30 minutes without a request and 8 hours after signing in, whatever they do;
/// SME sessions after 8 hours idle and 24 hours in all;</item>
/// <item>coordinators and admins must have signed in with a second factor (the "amr" claim is "mfa"): until they
/// have set up an authenticator app, every page sends them to that set-up;</item>
/// <item>POSTs that guess (sign-in, registration, password reset) are limited per client address, submissions and
/// imports per user; an excess gets 429 with Retry-After.</item>
/// </list>
/// </summary>
public static partial class PortalSecurity
{
    public const string AuthCookie = "__Host-cnc.auth";
    public const string AntiforgeryCookie = "__Host-cnc.af";
    public const string TwoFactorCookie = "__Host-cnc.2fa";

    /// <summary>The claim Identity's sign-in manager adds after a second factor (RFC 8176 "amr").</summary>
    public const string AuthenticationMethodClaim = "amr";

    public const string MultiFactor = "mfa";

    /// <summary>Where a staff member without a second factor is sent.</summary>
    public const string EnrollmentPath = "/Account/Authenticator";

    private const string SessionStartedKey = "cnc.started";

    public static bool IsStaff(this ClaimsPrincipal user) =>
        user.IsInRole(PortalRoles.InstituteCoordinator) || user.IsInRole(PortalRoles.ConsortiumAdmin);

    public static bool HasSecondFactor(this ClaimsPrincipal user) => user.HasClaim(AuthenticationMethodClaim, MultiFactor);

    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var sessions = SessionLimits.From(configuration);
        services.AddSingleton(sessions);
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = AuthCookie;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.Path = "/";
            cookie.LoginPath = "/Identity/Account/Login";
            cookie.LogoutPath = "/Identity/Account/Logout";
            cookie.ExpireTimeSpan = sessions.MemberIdle;
            cookie.SlidingExpiration = true;
            cookie.Events.OnSigningIn = context =>
            {
                // The idle limit depends on the role; the start of the session is kept across renewals.
                var issued = context.Properties.IssuedUtc ?? TimeProviderOf(context.HttpContext).GetUtcNow();
                context.Properties.IssuedUtc = issued;
                context.Properties.ExpiresUtc = issued + sessions.IdleFor(context.Principal!);
                if (!context.Properties.Items.ContainsKey(SessionStartedKey))
                {
                    context.Properties.Items[SessionStartedKey] = issued.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            };
            cookie.Events.OnValidatePrincipal = async context =>
            {
                var started = context.Properties.Items.TryGetValue(SessionStartedKey, out var value)
                    && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                        : context.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
                var logger = LoggerOf(context.HttpContext);
                if (TimeProviderOf(context.HttpContext).GetUtcNow() - started > sessions.AbsoluteFor(context.Principal!))
                {
                    LogSessionEnded(logger, context.Principal!.UserIdOf(), "session_absolute_timeout");
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                var userId = context.Principal!.UserIdOf();
                await SecurityStampValidator.ValidatePrincipalAsync(context);
                if (context.Principal is null)
                {
                    // Signed out everywhere, password changed, deactivated: the account's security stamp changed.
                    LogSessionEnded(logger, userId, "security_stamp_changed");
                }
            };
            cookie.Events.OnRedirectToLogin = context =>
            {
                // The JSON API answers 401 to a caller that is not signed in; pages send people to the sign-in page.
                if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                // A denial is a 403 (rendered by the status-code page), not a redirect.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, cookie =>
        {
            cookie.Cookie.Name = TwoFactorCookie;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.Path = "/";
        });
        foreach (var scheme in new[] { IdentityConstants.ExternalScheme, IdentityConstants.TwoFactorRememberMeScheme })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, cookie =>
            {
                cookie.Cookie.Name = "__Host-cnc." + scheme.Replace("Identity.", "", StringComparison.Ordinal).ToLowerInvariant();
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.Path = "/";
            });
        }

        // The cookie's security stamp is checked against the database this often (the default is 30 minutes). Leaving
        // the company, a deactivation, a password change or "sign out of all sessions" gives the account a new stamp:
        // that must end the person's other sessions within a minute, not half an hour later. Configurable as
        // Identity:SecurityStampValidationInterval (tests set zero: checked on every request). The renewed principal
        // keeps the second-factor claim of the session.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IConfiguration>((options, config) =>
        {
            options.ValidationInterval = config.GetValue("Identity:SecurityStampValidationInterval", TimeSpan.FromMinutes(1));
            options.OnRefreshingPrincipal = context =>
            {
                foreach (var claim in context.CurrentPrincipal?.FindAll(AuthenticationMethodClaim) ?? [])
                {
                    if (context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(claim.Type, claim.Value))
                    {
                        identity.AddClaim(new Claim(claim.Type, claim.Value));
                    }
                }

                return Task.CompletedTask;
            };
        });
        // Antiforgery refuses to issue a Secure cookie on a plain-HTTP request (it throws). Only for local development and
        // the benchmark on loopback (Security:AllowPlainHttp, set by eng/run.sh and the benchmark harness) its cookie
        // follows the request's scheme, under a name without the __Host- prefix; every other cookie stays Secure, which
        // browsers accept from http://localhost. Everywhere else the portal is served over HTTPS (TLS at the proxy,
        // X-Forwarded-Proto).
        var allowPlainHttp = configuration.GetValue("Security:AllowPlainHttp", false);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = allowPlainHttp ? "cnc.af" : AntiforgeryCookie;
            o.Cookie.SecurePolicy = allowPlainHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
            o.Cookie.Path = "/";
        });
        // The one-time status messages after a redirect (TempData).
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "__Host-cnc.msg";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.Path = "/";
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, LoggingAuthorizationResultHandler>();
        services.AddPortalRateLimits(configuration);
        return services;
    }

    /// <summary>A staff member who has not passed a second factor in this session may only set one up (or leave).</summary>
    public static IApplicationBuilder UseStaffTwoFactor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && user.IsStaff() && !user.HasSecondFactor() && !MayPassWithoutSecondFactor(context.Request.Path))
        {
            LogTwoFactorRequired(LoggerOf(context), user.UserIdOf(), "two_factor_not_completed");
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            var returnUrl = HttpMethods.IsGet(context.Request.Method) ? context.Request.Path + context.Request.QueryString : "/";
            context.Response.Redirect(EnrollmentPath + QueryString.Create("returnUrl", returnUrl));
            return;
        }

        await next(context);
    });

    private static bool MayPassWithoutSecondFactor(PathString path) =>
        path.StartsWithSegments(EnrollmentPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Identity/Account/Logout", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Culture", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Error", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Privacy", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    private static TimeProvider TimeProviderOf(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>();

    /// <summary>The logger of security events (refusals with their reason codes): one category for all of them.</summary>
    public static ILogger LoggerOf(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CarbonNeutralConsortium.Web.Security");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session ended for user {UserId}: {Reason}")]
    private static partial void LogSessionEnded(ILogger logger, Guid? userId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access refused to user {UserId}: {Reason}")]
    private static partial void LogTwoFactorRequired(ILogger logger, Guid? userId, string reason);

    /// <summary>How long sessions last, per kind of user (configurable under Identity:Sessions).</summary>
    public sealed record SessionLimits(TimeSpan StaffIdle, TimeSpan StaffAbsolute, TimeSpan MemberIdle, TimeSpan MemberAbsolute)
    {
        public static SessionLimits From(IConfiguration configuration)
        {
            var section = configuration.GetSection("Identity:Sessions");
            return new SessionLimits(
                section.GetValue("StaffIdle", TimeSpan.FromMinutes(30)),
                section.GetValue("StaffAbsolute", TimeSpan.FromHours(8)),
                section.GetValue("MemberIdle", TimeSpan.FromHours(8)),
                section.GetValue("MemberAbsolute", TimeSpan.FromHours(24)));
        }

        public TimeSpan IdleFor(ClaimsPrincipal user) => user.IsStaff() ? StaffIdle : MemberIdle;

        public TimeSpan AbsoluteFor(ClaimsPrincipal user) => user.IsStaff() ? StaffAbsolute : MemberAbsolute;
    }
}

/// <summary>
/// Logs every authorization failure of the middleware with a reason code (then lets the default handler answer:
/// the sign-in redirect or 401 for the API, 403 for a refusal).
/// </summary>
public sealed partial class LoggingAuthorizationResultHandler(ILogger<LoggingAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            LogFailure(logger, "not_signed_in", context.Request.Method, context.Request.Path, null);
        }
        else if (authorizeResult.Forbidden)
        {
            var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
            var reason = failed.Count > 0 && failed.All(r => r is ClaimsAuthorizationRequirement { ClaimType: PortalSecurity.AuthenticationMethodClaim })
                ? "second_factor_missing"
                : "role_or_policy";
            LogFailure(logger, reason, context.Request.Method, context.Request.Path, context.User.UserIdOf());
        }

        return inner.HandleAsync(next, context, policy, authorizeResult);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorization failed: {Reason} for {Method} {Path} (user {UserId})")]
    private static partial void LogFailure(ILogger logger, string reason, string method, string path, Guid? userId);
}
