using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    ILogger<RequestExpiryWorker> logger) : BackgroundService
{
    public const string IntervalSetting = "Requests:ExpiryInterval";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    public TimeSpan Interval
    {
        get
        {
            var configured = configuration.GetValue<TimeSpan?>(IntervalSetting);
            return configured is { } value && value > TimeSpan.Zero ? value : DefaultInterval;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<RequestExpiryService>().RunAsync(stoppingToken);
                if (result.Skipped)
                {
                    LogSkipped(logger);
                }
                else if (result.Warned + result.Expired > 0)
                {
                    LogRun(logger, result.Warned, result.Expired);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Request expiry: {Warned} warnings sent, {Expired} requests expired")]
    private static partial void LogRun(ILogger logger, int warned, int expired);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request expiry skipped: another instance is running it")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request expiry run failed; the next run comes at the usual interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
