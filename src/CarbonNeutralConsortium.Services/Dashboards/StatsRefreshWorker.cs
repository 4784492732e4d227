using CarbonNeutralConsortium.Services.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>
/// Refreshes the statistics when the app starts and then every "Stats:RefreshInterval" (default two minutes, so the
/// dashboards' data is at most about five minutes old even with a slow refresh). Several instances take turns: the
/// refresh holds an advisory lock, and an instance that finds it held skips its turn. A failed run is logged once per
/// outage; the next one comes as usual.
/// </summary>
public sealed partial class StatsRefreshWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<StatsRefreshWorker> logger)
    : PeriodicJob(scopes, configuration, clock, IntervalSetting, DefaultInterval)
{
    public const string IntervalSetting = "Stats:RefreshInterval";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(2);

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<StatsRefreshService>().RefreshAsync(full: false, cancellationToken);

    protected override void OnFailed(Exception exception, bool firstSinceSuccess)
    {
        // Once per outage: a database that is away for an hour is one warning, not thirty.
        if (firstSinceSuccess)
        {
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The statistics could not be refreshed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
