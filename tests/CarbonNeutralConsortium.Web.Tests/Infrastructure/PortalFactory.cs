using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

/// <summary>
/// The portal on its own PostgreSQL database (cloned from the migrated template) with a real SMTP server in the
/// test process. One per test class (IClassFixture).
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "a-long-test-passphrase-2026";

    /// <summary>The configured address of the portal: every link in an e-mail starts with it.</summary>
    public const string PublicBaseUrl = "https://portal.test";

    public string DatabaseName { get; private set; } = "";

    /// <summary>Every cookie of the portal is Secure (__Host-): the test clients speak "https" to the in-memory server.</summary>
    public PortalFactory() => ClientOptions.BaseAddress = new Uri("https://localhost");

    public SmtpTestServer Smtp { get; private set; } = null!;

    public virtual string ConnectionString => TestDatabase.ConnectionStringFor(DatabaseName);

    /// <summary>Set to run this factory as a second app instance on another factory's database (which that one owns).</summary>
    public string? SharedDatabaseName { get; init; }

    public virtual async Task InitializeAsync()
    {
        DatabaseName = SharedDatabaseName ?? await CreateDatabaseAsync();
        Smtp = new SmtpTestServer();
    }

    /// <summary>This factory's database (a clone of the migrated template on the shared test server), dropped at the end.</summary>
    protected virtual Task<string> CreateDatabaseAsync() => TestDatabase.CreateAsync();

    protected virtual Task DropDatabaseAsync() => TestDatabase.DropAsync(DatabaseName);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
        if (SharedDatabaseName is null)
        {
            await DropDatabaseAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Email:Delivery", "Smtp");
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
        builder.UseSetting("Email:PollInterval", "00:00:00.100");
        builder.UseSetting("Email:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Authentication", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Authorization", "Warning");

        // The tests sign in and post far more often than a person: the rate limits are raised here, and
        // RateLimitTests checks them at their production values.
        if (RaiseRateLimits)
        {
            foreach (var limit in new[] { "Auth", "Submissions", "Imports" })
            {
                builder.UseSetting($"RateLimits:{limit}:PermitLimit", "100000");
            }
        }

        // A query that loads several collections in one statement (a cartesian product) fails the test instead of
        // logging a warning: load them with a projection, a LATERAL collection, JSON aggregation or an explicit split.
        builder.ConfigureServices(services => services.ConfigureDbContext<ConsortiumDbContext>(options =>
            options.ConfigureWarnings(w => w.Throw(RelationalEventId.MultipleCollectionIncludeWarning))));
    }

    /// <summary>False for a factory that tests the production rate limits.</summary>
    protected virtual bool RaiseRateLimits => true;

    public PortalClient CreatePortalClient(bool followRedirects = true) =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress }));

    /// <summary>
    /// A client signed in as the person (password, then the second factor or its set-up, through the pages), which by
    /// default does not follow redirects: for tests that look at the status of each response.
    /// </summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string email, bool followRedirects = false)
    {
        var cookies = new System.Net.CookieContainer();
        var baseAddress = ClientOptions.BaseAddress;
        using (var signer = new PortalClient(CreateDefaultClient(baseAddress, new RedirectHandler(), new CookieContainerHandler(cookies))))
        {
            await signer.SignInAsync(email);
        }

        return followRedirects
            ? CreateDefaultClient(baseAddress, new RedirectHandler(), new CookieContainerHandler(cookies))
            : CreateDefaultClient(baseAddress, new CookieContainerHandler(cookies));
    }

    /// <summary>An SME company with one member, created through the service (for tests about something else).</summary>
    public async Task<(string Email, Guid CompanyId)> CreateSmeAsync(string? email = null, string culture = "ko")
    {
        email ??= $"sme-{Guid.NewGuid():N}@example.com";
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SmeRegistrationService>().RegisterAsync(
            new SmeRegistration("테스트기업 " + email[..8], "Test Co " + email[..8], BusinessNumbers.NewValid(), CompanySize.Small, "PETROCHEMICAL",
                "담당자", email, Password, true, culture));
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return (email, result.Value!.CompanyId!.Value);
    }

    /// <summary>A staff account with a password (as `cnc admin create` makes one).</summary>
    public async Task<string> CreateStaffAsync(string role, string organization, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{organization.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<StaffAccountService>().CreateAsync(
            new StaffAccountInput(email, role == PortalRoles.ConsortiumAdmin ? "관리자" : "코디네이터 " + organization, role, organization, "ko"),
            Password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return email;
    }

    public async Task<T> WithServiceAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<PortalUser?> FindUserAsync(string email) =>
        WithServiceAsync(sp => sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByEmailAsync(email));
}
