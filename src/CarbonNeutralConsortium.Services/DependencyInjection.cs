using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Seed;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services;

public static class DependencyInjection
{
    /// <summary>
    /// The service layer: the pooled DbContext on PostgreSQL, Identity's user store and rules, e-mail, seeding.
    /// The host adds what is its own (cookies and pages for the web, commands for the CLI).
    /// </summary>
    public static IServiceCollection AddConsortiumServices(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Default is not set. Set the environment variable ConnectionStrings__Default " +
                "(eng/run.sh does it for you), e.g. Host=127.0.0.1;Port=55432;Database=cnc_dev;Username=cnc;Password=...");
        }

        services.AddDbContextPool<ConsortiumDbContext>((provider, options) =>
        {
            ConfigureDbContext(options, connectionString);
            options.AddInterceptors(provider.GetRequiredService<Matching.PartnerProfileChangeInterceptor>());
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddLocalization();

        // Keys in PostgreSQL: every app instance (and the CLI) reads the same keys, so a token or a cookie
        // issued by one is accepted by the others.
        services.AddDataProtection()
            .SetApplicationName("CarbonNeutralConsortium")
            .PersistKeysToDbContext<ConsortiumDbContext>();

        // The web host adds the sign-in manager and cookies (they need authentication); the CLI does not.
        services.AddIdentityCore<PortalUser>(PortalIdentityOptions.Configure)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ConsortiumDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<CommonPasswordValidator>();
        // Recovery codes hashed at rest (replaces the EF store that AddEntityFrameworkStores registered).
        services.AddScoped<IUserStore<PortalUser>, PortalUserStore>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PortalIdentityOptions.PasswordHashIterations);

        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps),
                "Email:PublicBaseUrl must be the absolute http(s) address of the portal, e.g. https://portal.example.kr")
            .ValidateOnStart();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<PickupDirectoryMailTransport>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Delivery == EmailDelivery.PickupDirectory
            ? sp.GetRequiredService<PickupDirectoryMailTransport>()
            : sp.GetRequiredService<SmtpMailTransport>());

        services.AddSingleton<PortalLinks>();
        services.AddScoped<EmailComposer>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<RequestNotifier>();
        services.AddScoped<AttachmentStore>();
        services.AddScoped<RequestQueries>();
        services.AddScoped<RequestLifecycleService>();
        services.AddScoped<RequestMessageService>();
        services.AddScoped<RequestExpiryService>();
        services.AddScoped<Privacy.PersonalDataErasure>();
        services.AddScoped<Privacy.PersonalDataAccessLog>();
        services.AddScoped<Privacy.RetentionService>();
        services.AddScoped<Matches.MatchResponseService>();
        services.AddScoped<Matches.MatchQueries>();
        services.AddScoped<Matching.MatchingService>();
        services.AddScoped<NotificationQueries>();
        services.AddScoped<RequestDraftService>();
        services.AddScoped<RequestRoutingService>();
        services.AddScoped<RequestSubmissionService>();
        services.AddScoped<Coordination.InstituteNotifier>();
        services.AddScoped<Coordination.CoordinatorQueueQueries>();
        services.AddScoped<Coordination.CoordinatorRequestQueries>();
        services.AddScoped<Coordination.CoordinationService>();
        services.AddScoped<SmeRegistrationService>();
        services.AddScoped<StaffAccountService>();
        services.AddScoped<PasswordResetService>();
        services.AddScoped<AccountSecurityService>();
        services.AddScoped<PersonalDataExport>();
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DemoRequestsSeeder>();
        services.AddScoped<DemoEventsSeeder>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<ReferenceQueries>();
        services.AddSingleton<ReferenceDataCache>();
        services.AddScoped<CompanyQueries>();
        services.AddScoped<CompanyProfileService>();
        services.AddScoped<CompanyInvitationService>();
        services.AddScoped<ContactPersonService>();
        services.AddScoped<UserQueries>();
        services.AddScoped<Partners.PartnerQueries>();
        services.AddScoped<Partners.PartnerService>();
        services.AddScoped<Partners.PartnerImportService>();
        services.AddScoped<Dashboards.StatsRefreshService>();
        services.AddScoped<Dashboards.DashboardQueries>();
        services.AddScoped<Dashboards.DrillDownQueries>();
        services.AddScoped<Dashboards.ProgrammeFigures>();
        services.AddScoped<Admin.ReferenceAdministration>();
        services.AddScoped<Admin.AuditQueries>();
        services.AddScoped<Admin.UserAdministration>();
        services.AddScoped<Events.EventMail>();
        services.AddScoped<Events.EventService>();
        services.AddScoped<Events.EventParticipationService>();
        services.AddScoped<Events.EventQueries>();
        services.AddScoped<Events.EventReminderService>();
        services.AddScoped<Programmes.PlanService>();
        services.AddScoped<Programmes.StandardsService>();
        services.AddScoped<Programmes.KnowledgeService>();
        services.AddMatching(configuration);
        return services;
    }

    /// <summary>Shared by the app, the design-time factory and the tests, so all build the same model.</summary>
    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    /// <summary>Statements each physical connection keeps prepared (Npgsql's automatic preparation), unless the connection string says otherwise.</summary>
    public const int AutoPreparedStatements = 256;

    /// <summary>
    /// Npgsql's automatic preparation, on unless the connection string sets <c>Max Auto Prepare</c>: a statement a
    /// connection has run twice is prepared on it, so PostgreSQL parses and plans the portal's queries once per
    /// connection instead of on every page (at national scale, planning was half of PostgreSQL's work on the hot pages).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare > 0 || connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        builder.MaxAutoPrepare = AutoPreparedStatements;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }
}
