using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Tests.Support;

/// <summary>The host environment the service layer asks for (demo seeding, pickup-directory mail).</summary>
internal sealed class TestHostEnvironment(string environmentName) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;

    public string ApplicationName { get; set; } = "CarbonNeutralConsortium.Services.Tests";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}

/// <summary>The service layer as the hosts build it: AddConsortiumServices on a given database.</summary>
internal static class TestServices
{
    /// <summary>The portal address the links in e-mails must start with.</summary>
    public const string PublicBaseUrl = "https://portal.test";

    public static ServiceProvider Build(
        string connectionString, string environmentName = "Testing", IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Default"] = connectionString, ["Email:PublicBaseUrl"] = PublicBaseUrl };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging(builder =>
            {
                if (logs is not null)
                {
                    builder.AddProvider(logs);
                }
            })
            .AddConsortiumServices(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(environmentName));

        // Every host registers its configuration (Host.CreateApplicationBuilder does); the Email options are bound
        // from it. See DependencyInjectionTests for why the tests have to do it too.
        services.AddSingleton<IConfiguration>(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Runs a piece of work in its own scope (its own DbContext), as one web request would.</summary>
    public static async Task<T> InScopeAsync<T>(this IServiceProvider provider, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = provider.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Runs a piece of work in its own scope (its own DbContext), as one web request would.</summary>
    public static async Task InScopeAsync(this IServiceProvider provider, Func<IServiceProvider, Task> work)
    {
        await using var scope = provider.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>How many companies, users and outbox messages the database holds.</summary>
    public static Task<RowCounts> CountRowsAsync(this IServiceProvider provider) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            return new RowCounts(await db.Companies.CountAsync(), await db.Users.CountAsync(), await db.EmailOutbox.CountAsync());
        });

    public static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@test.example";
}

internal sealed record RowCounts(int Companies, int Users, int Outbox);
