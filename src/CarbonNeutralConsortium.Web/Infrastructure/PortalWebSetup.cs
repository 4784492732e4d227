using CarbonNeutralConsortium.Services;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Api;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.WebEncoders;
using Serilog;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CarbonNeutralConsortium.Web.Infrastructure;

public static class PortalWebSetup
{
    /// <summary>The status logged for a request its client abandoned (nginx's convention; never sent, the client is gone).</summary>
    public const int ClientClosedRequest = 499;

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // On SIGTERM (a deployment, "docker compose stop", a scale-down) Kestrel stops accepting connections and lets the
        // requests inside finish for up to Host:ShutdownTimeout (default 30 s) before the process ends (GracefulShutdownTests).
        var shutdownTimeout = builder.Configuration.GetValue<TimeSpan?>("Host:ShutdownTimeout") is { } configured && configured > TimeSpan.Zero
            ? configured : TimeSpan.FromSeconds(30);
        services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdownTimeout);

        // Serilog per host (no static bootstrap logger), so several test hosts can run in parallel. The console is written
        // on a background thread (a request only queues its lines; at a thousand requests a second, writing them in the
        // request made every request wait on the console's lock); when the queue is full, writers wait rather than lose
        // lines, and the host's shutdown flushes it.
        services.AddSerilog(
            (provider, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(provider)
                .Enrich.FromLogContext()
                .WriteTo.Async(
                    sink => sink.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
                    blockWhenFull: true),
            preserveStaticLogger: true);

        services.AddConsortiumServices(builder.Configuration);
        services.AddServerTiming(builder.Configuration);
        services.AddHostedService<OutboxDispatcher>();
        services.AddHostedService<CarbonNeutralConsortium.Services.Requests.RequestExpiryWorker>();
        services.AddHostedService<CarbonNeutralConsortium.Services.Matching.PartnerProfileIndexRefresher>();
        services.AddHostedService<CarbonNeutralConsortium.Services.Dashboards.StatsRefreshWorker>();
        services.AddHostedService<CarbonNeutralConsortium.Services.Events.EventReminderWorker>();
        services.AddHostedService<CarbonNeutralConsortium.Services.Privacy.RetentionWorker>();
        // Korean text as characters, not as &#x...; entities (smaller pages, readable source).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddPortalSecurity(builder.Configuration);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>(ConfigureForwardedHeaders);
        new IdentityBuilder(typeof(PortalUser), typeof(IdentityRole<Guid>), services).AddSignInManager<PortalSignInManager>();
        services.AddScoped<IUserClaimsPrincipalFactory<PortalUser>, PortalClaimsPrincipalFactory>();

        services.AddAuthorization(Policies.Add);

        services.AddSingleton<Microsoft.AspNetCore.Mvc.DataAnnotations.IValidationAttributeAdapterProvider, PortalValidationAttributeAdapterProvider>();
        services.AddRazorPages(options =>
            {
                PortalPages.Configure(options.Conventions);
                options.Conventions.ConfigureFilter(new AuthorizationFailureLogging());
                options.Conventions.ConfigureFilter(new UnknownHandlerFilter());
            })
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<MvcOptions>(CheckboxBinderProvider.Register);
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((mvc, factory) =>
            ModelBindingMessages.Localize(mvc.ModelBindingMessageProvider, factory.Create(typeof(SharedResource))));

        // A real round trip: "can connect" alone takes an idle connection from Npgsql's pool without asking the server,
        // and said "healthy" during a PostgreSQL restart (found by the fault test).
        services.AddHealthChecks().AddDbContextCheck<ConsortiumDbContext>("postgresql", tags: ["ready"],
            customTestQuery: async (db, cancellationToken) =>
                await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\"").SingleAsync(cancellationToken) == 1);
        return builder;
    }

    /// <summary>Networks (CIDR, e.g. "10.208.80.0/24") whose proxies are trusted besides loopback; none by default.</summary>
    public const string KnownNetworksSetting = "ForwardedHeaders:KnownNetworks";

    /// <summary>
    /// Behind a reverse proxy (nginx in eng/run-cluster.sh and docker-compose): the client's address and scheme come from
    /// X-Forwarded-For / X-Forwarded-Proto, so that rate limits see the client and antiforgery sees HTTPS. They are
    /// taken only from a proxy on loopback (the defaults) or in one of the <see cref="KnownNetworksSetting"/> networks
    /// (a list, or one comma-separated value); from anyone else they are ignored. A value that is not a network stops
    /// the start.
    /// </summary>
    public static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
        // A list (KnownNetworks:0, :1, ...) or one value; the command line can give the section itself an empty value.
        var section = configuration.GetSection(KnownNetworksSetting);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value).SelectMany(v => (v ?? "").Split(','));
        foreach (var value in values.Select(v => v.Trim()).Where(v => v.Length > 0))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(value, out var network)
                ? network
                : throw new InvalidOperationException($"{KnownNetworksSetting}: '{value}' is not a network in CIDR notation (a network address and a prefix length, such as 10.208.80.0/24)."));
        }
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        // First: the client's address and scheme as the trusted proxy saw them (options: ConfigureForwardedHeaders).
        app.UseForwardedHeaders();
        app.UseServerTiming();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Sent only over HTTPS (a reverse proxy terminates TLS in production).
            app.UseHsts();
        }

        // First (after the opt-in timing), so that error pages re-executed below keep the language of the original request.
        app.UseRequestLocalization(PortalCultures.Options());
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                // A database outage outside the retrying part of the pipeline (e.g. while reading the session) is a 503.
                StatusCodeSelector = ex => TransientFaultRetry.IsTransient(ex) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            });
        }

        app.UseStatusCodePagesWithReExecute("/Error/{0}");
        app.UseStaticFiles();
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger: the static Log.Logger is left alone so that parallel test hosts do not collide.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                // The user's id only: never an e-mail address, a name or a token.
                if (http.User.Identity?.IsAuthenticated == true)
                {
                    diagnostics.Set("UserId", http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
                }
            };
        });
        // A visitor who goes away (closes the tab, a load generator stopping) cancels the request: that is not a
        // server error. Logged as 499 (client closed request), like nginx does, instead of a 500 with a stack trace.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = ClientClosedRequest;
                    if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
                    {
                        statusPages.Enabled = false;
                    }
                }
            }
        });
        app.UseRouting();
        // A path that matches nothing is a 404 for everyone (the fallback policy would otherwise send anonymous
        // visitors to the sign-in page for a page that does not exist).
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseStaffTwoFactor();
        app.UseRateLimiter();
        app.UseTransientFaultRetry();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        }).AllowAnonymous();
        app.MapRazorPages();
        app.MapPortalApi();
        return app;
    }
}
