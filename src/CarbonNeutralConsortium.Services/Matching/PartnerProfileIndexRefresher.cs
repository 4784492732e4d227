using CarbonNeutralConsortium.Services.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// Loads <see cref="PartnerProfileIndex"/> when the app starts (so the first ranking does not wait for it), then reads
/// the changes other instances (and hand-written SQL) made every "Matching:ProfileIndexRefreshInterval" (default one
/// second: one small indexed query when nothing changed), and prunes the change log once an hour.
/// </summary>
public sealed partial class PartnerProfileIndexRefresher(
    PartnerProfileIndex index,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<PartnerProfileIndexRefresher> logger) : BackgroundService
{
    public const string IntervalSetting = "Matching:ProfileIndexRefreshInterval";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    public TimeSpan Interval => configuration.GetValue<TimeSpan?>(IntervalSetting) is { } value && value > TimeSpan.Zero ? value : DefaultInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pruned = DateTimeOffset.MinValue;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();
                await index.RefreshAsync(db, stoppingToken);
                if (clock.GetUtcNow() - pruned >= PruneEvery)
                {
                    await PartnerProfileIndex.PruneAsync(db, clock.GetUtcNow(), stoppingToken);
                    pruned = clock.GetUtcNow();
                }

                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Once per outage (the database restarting, say), not every second.
                if (!failing)
                {
                    LogFailed(logger, ex);
                }

                failing = true;
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The matching profile index could not be refreshed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
