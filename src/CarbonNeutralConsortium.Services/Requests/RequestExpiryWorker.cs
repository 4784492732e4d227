using CarbonNeutralConsortium.Services.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>
/// Runs <see cref="RequestExpiryService"/> when the app starts and then every "Requests:ExpiryInterval" (default one
/// hour). A failed run is logged and the next one comes as usual. Safe with several app instances: the service
/// takes an advisory lock.
/// </summary>
public sealed partial class RequestExpiryWorker(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<RequestExpiryWorker> logger) : PeriodicJob(scopes, configuration, clock, IntervalSetting, DefaultInterval)
{
    public const string IntervalSetting = "Requests:ExpiryInterval";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<RequestExpiryService>().RunAsync(cancellationToken);
        if (result.Skipped)
        {
            LogSkipped(logger);
        }
        else if (result.Warned + result.Expired > 0)
        {
            LogRun(logger, result.Warned, result.Expired);
        }
    }

    protected override void OnFailed(Exception exception, bool firstSinceSuccess) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request expiry: {Warned} warnings sent, {Expired} requests expired")]
    private static partial void LogRun(ILogger logger, int warned, int expired);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request expiry skipped: another instance is running it")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request expiry run failed; the next run comes at the usual interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
