using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CarbonNeutralConsortium.Services.Common;

/// <summary>
/// A background job that runs when the app starts and then every <see cref="Interval"/> (the setting
/// <paramref name="intervalSetting"/>, a positive TimeSpan, or <paramref name="defaultInterval"/>), each run in its own
/// DI scope. A failed run is reported to <see cref="OnFailed"/> (with whether it is the first failure since the last
/// success, for jobs that log an outage once) and the next run comes at the usual interval; stopping the host ends the
/// wait and the run. Jobs that must run once across instances take an advisory lock inside their service.
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, string intervalSetting, TimeSpan defaultInterval)
    : BackgroundService
{
    public TimeSpan Interval => configuration.GetValue<TimeSpan?>(intervalSetting) is { } value && value > TimeSpan.Zero ? value : defaultInterval;

    /// <summary>One run, with the services of a fresh scope.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected abstract void OnFailed(Exception exception, bool firstSinceSuccess);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OnFailed(ex, !failing);
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
}
