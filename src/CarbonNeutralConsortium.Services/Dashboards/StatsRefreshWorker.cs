using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>
/// Refreshes the statistics when the app starts and then every "Stats:RefreshInterval" (default two minutes, so the
/// dashboards' data is at most about five minutes old even with a slow refresh). Several instances take turns: the
/// refresh holds an advisory lock, and an instance that finds it held skips its turn. A failed run is logged once per
/// outage; the next one comes as usual.
/// </summary>
public sealed partial class StatsRefreshWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<StatsRefreshWorker> logger)
    : BackgroundService
{
    public const string IntervalSetting = "Stats:RefreshInterval";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(2);

    public TimeSpan Interval => configuration.GetValue<TimeSpan?>(IntervalSetting) is { } value && value > TimeSpan.Zero ? value : DefaultInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<StatsRefreshService>().RefreshAsync(full: false, stoppingToken);
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The statistics could not be refreshed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
