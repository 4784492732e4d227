using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CarbonNeutralConsortium.Services;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>
/// The SQL of each wrk-loaded page, captured from the portal's own query services called exactly as the page calls
/// them (same user, same filter), so the reference render replays the very commands the portal sends.
/// </summary>
public static class ReferenceQueries
{
    public static async Task<IReadOnlyList<ReferencePage>> CaptureAsync(string connectionString, Samples s, CancellationToken cancellationToken)
    {
        var capture = new SqlCapture();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = connectionString,
            ["Email:PublicBaseUrl"] = "http://127.0.0.1",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddConsortiumServices(configuration);
        services.ConfigureDbContext<ConsortiumDbContext>(o => o.AddInterceptors(capture));
        await using var provider = services.BuildServiceProvider();

        async Task<ReferencePage> Page(string name, Func<IServiceProvider, Task> call)
        {
            // Once to warm what the portal keeps warm (the reference-data snapshot), then captured.
            await using (var warm = provider.CreateAsyncScope())
            {
                await call(warm.ServiceProvider);
            }

            await using var scope = provider.CreateAsyncScope();
            var commands = await capture.CaptureAsync(() => call(scope.ServiceProvider));
            if (commands.Count == 0)
            {
                throw new InvalidOperationException($"No SQL was captured for {name}.");
            }

            return new ReferencePage(name, commands);
        }

        var words = s.PartnerWords.Count > 0 ? s.PartnerWords[0] : "energy";
        return
        [
            await Page(HotOperations.Queue, sp => sp.GetRequiredService<CoordinatorQueueQueries>().GetAsync(s.InstituteCode, new QueueFilter(), cancellationToken, s.CoordinatorUserId)),
            await Page(HotOperations.CoordinatorRequest, sp => sp.GetRequiredService<CoordinatorRequestQueries>().GetAsync(s.InstituteRequests[0], s.InstituteCode, cancellationToken, s.CoordinatorUserId)),
            await Page(HotOperations.SmeList, sp => sp.GetRequiredService<RequestQueries>().ListAsync(s.SmeCompanyId, new RequestListFilter(null, null, 1), cancellationToken, s.SmeUserId)),
            await Page(HotOperations.PartnerSearch, async sp =>
            {
                var queries = sp.GetRequiredService<PartnerQueries>();
                var reference = await queries.GetReferenceAsync(cancellationToken);
                await queries.ListAsync(new PartnerListFilter(Search: words), reference, cancellationToken, s.CoordinatorUserId);
            }),
        ];
    }
}
