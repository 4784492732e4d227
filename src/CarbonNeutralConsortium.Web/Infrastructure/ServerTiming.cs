using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Opt-in diagnostics for the benchmark harness (<c>Diagnostics:ServerTiming=true</c>; off by default, so a public
/// server does not tell every visitor how long its database took). Each response gets a
/// <c>Server-Timing: app;dur=…, db;dur=…;desc="N"</c> header: the server time of the request up to its first byte
/// (Razor pages are rendered into a buffer, so that is the whole render), and the number and time of the SQL
/// commands it ran. The harness reads it instead of timing on the client side.
/// </summary>
public static class ServerTiming
{
    public const string ConfigurationKey = "Diagnostics:ServerTiming";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(ConfigurationKey, false);

    public static IServiceCollection AddServerTiming(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
        {
            services.ConfigureDbContext<ConsortiumDbContext>(options => options.AddInterceptors(CommandTimer.Instance));
        }

        return services;
    }

    public static WebApplication UseServerTiming(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        app.Use((context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            var stats = new RequestDbStats();
            RequestDbStats.Current.Value = stats;
            context.Response.OnStarting(() =>
            {
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                context.Response.Headers.Append("Server-Timing", string.Create(CultureInfo.InvariantCulture,
                    $"app;dur={elapsed:0.00}, db;dur={stats.Milliseconds:0.00};desc=\"{stats.Commands}\""));
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>The SQL commands of the current HTTP request (an async-local, so it follows the request's awaits).</summary>
    private sealed class RequestDbStats
    {
        public static readonly AsyncLocal<RequestDbStats?> Current = new();

        private int commands;
        private long ticks;

        public int Commands => Volatile.Read(ref commands);

        public double Milliseconds => TimeSpan.FromTicks(Interlocked.Read(ref ticks)).TotalMilliseconds;

        public void Add(TimeSpan duration)
        {
            Interlocked.Increment(ref commands);
            Interlocked.Add(ref ticks, duration.Ticks);
        }
    }

    /// <summary>Counts every command EF executes (queries, saves, Identity's) and its duration to the end of reading.</summary>
    private sealed class CommandTimer : DbCommandInterceptor
    {
        public static readonly CommandTimer Instance = new();

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            RequestDbStats.Current.Value?.Add(eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            RequestDbStats.Current.Value?.Add(eventData.Duration);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            RequestDbStats.Current.Value?.Add(eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            RequestDbStats.Current.Value?.Add(eventData.Duration);
            return ValueTask.FromResult(result);
        }
    }
}
