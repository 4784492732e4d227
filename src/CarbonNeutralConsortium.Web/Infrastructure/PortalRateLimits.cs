using System.Globalization;
using System.Threading.RateLimiting;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Rate limits on the POSTs worth abusing (QUALITY.md: 429 on sign-in, registration, password reset, submissions
/// and imports). Sliding windows; the limits are configurable under RateLimits:{Name}:PermitLimit and :Window.
/// <list type="bullet">
/// <item>auth: sign-in (password, authenticator code, recovery code), registration, forgotten and reset password,
/// accepting an invitation: per client address (the account is not known yet; lockout covers one account);</item>
/// <item>submissions: a company's requests and their messages, event registrations and meeting requests, company
/// edits: per signed-in user;</item>
/// <item>imports: the partner import: per signed-in user.</item>
/// </list>
/// The counters live in each app instance: with N instances behind a balancer a client gets at most N times the
/// limit, which still stops guessing and flooding (the account lockout, in the database, is shared).
/// </summary>
public static partial class PortalRateLimits
{
    public sealed record Limit(string Name, int PermitLimit, TimeSpan Window);

    private static readonly string[] AuthPaths =
    [
        "/Identity/Account/Login", "/Identity/Account/LoginWith2fa", "/Identity/Account/LoginWithRecoveryCode",
        "/Identity/Account/Register", "/Identity/Account/ForgotPassword", "/Identity/Account/ResetPassword",
        "/Invitations/Accept",
    ];

    private static readonly string[] SubmissionPaths = ["/Requests", "/Programmes/Events/Register", "/Programmes/Events/Meetings", "/Company"];

    private static readonly string[] ImportPaths = ["/Partners/Import"];

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = Read(configuration, "Auth", 10, TimeSpan.FromMinutes(1));
        var submissions = Read(configuration, "Submissions", 30, TimeSpan.FromMinutes(1));
        var imports = Read(configuration, "Imports", 10, TimeSpan.FromMinutes(10));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limit = LimitFor(context.Request, auth, submissions, imports);
                if (limit is null)
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                var who = limit == auth
                    ? "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown")
                    : context.User.UserIdOf() is { } userId ? "user:" + userId : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                return RateLimitPartition.GetSlidingWindowLimiter(limit.Name + "|" + who, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = limit.Window,
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = (context, _) =>
            {
                var limit = LimitFor(context.HttpContext.Request, auth, submissions, imports);
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit?.Window ?? TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                LogRejected(PortalSecurity.LoggerOf(context.HttpContext), limit?.Name ?? "?", context.HttpContext.Request.Path, context.HttpContext.User.UserIdOf());
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static Limit? LimitFor(HttpRequest request, Limit auth, Limit submissions, Limit imports)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var path = request.Path;
        return AuthPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ? auth
            : ImportPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ? imports
            : SubmissionPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ? submissions
            : null;
    }

    private static Limit Read(IConfiguration configuration, string name, int permits, TimeSpan window)
    {
        var section = configuration.GetSection("RateLimits:" + name);
        return new Limit(name.ToLowerInvariant(), section.GetValue("PermitLimit", permits), section.GetValue("Window", window));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit {Limit} exceeded on {Path} (user {UserId}): rate_limited")]
    private static partial void LogRejected(ILogger logger, string limit, string path, Guid? userId);
}
