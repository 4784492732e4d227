using System.Globalization;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Marks a page whose POST handlers (listed by name; "" is the unnamed handler) may run again after a transient
/// database fault: each of them is idempotent because the form carries a client-generated key (a new request's
/// <c>ClientKey</c>) or the row version it was loaded with (a second run finds the first one's result, or a
/// conflict, and never writes twice). Handlers that are not listed are not re-run after a connection fault,
/// because the first run's commit may have gone through: the person gets the 503 page and decides.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RetryPostOnTransientFaultAttribute(params string[] handlers) : Attribute
{
    public IReadOnlyList<string> Handlers { get; } = handlers;

    public bool Covers(string? handler) => Handlers.Contains(handler ?? "", StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Rides out a short database outage (a PostgreSQL restart or fail-over, a dropped connection, a deadlock):
/// a request that fails with a transient Npgsql fault before anything was sent is run again, after 0.25, 0.5, 1
/// and 2 seconds, on a fresh connection and an emptied change tracker. GET and HEAD are always re-run;
/// a POST is re-run when its handler is marked idempotent (<see cref="RetryPostOnTransientFaultAttribute"/>) or when
/// PostgreSQL reported that it rolled the transaction back (serialization failure, deadlock). When the fault
/// outlasts the retries, or the POST may not be re-run, the answer is 503 with Retry-After and the localized
/// "temporarily unavailable" page, never a 500.
/// </summary>
public static partial class TransientFaultRetry
{
    private static readonly TimeSpan[] Delays =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>Seconds in the Retry-After header of a 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>An Npgsql fault that may pass by itself (connection lost or refused, server shutting down, timeout, deadlock...).</summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>PostgreSQL said it rolled the transaction back: running the request again cannot write twice.</summary>
    private static bool RolledBack(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }

    public static IApplicationBuilder UseTransientFaultRetry(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        // An error page being rendered (re-executed for a status or after an exception) is not run again: if it
        // cannot reach the database either, the short page below answers.
        var errorPage = context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
        var rerunnable = !errorPage && ( HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            || (context.GetEndpoint()?.Metadata.GetMetadata<RetryPostOnTransientFaultAttribute>() is { } marked
                && marked.Covers(context.GetRouteValue("handler") as string ?? context.Request.Query["handler"].ToString())));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CarbonNeutralConsortium.Web.Database");
                if (errorPage || attempt >= Delays.Length || !(rerunnable || RolledBack(ex)))
                {
                    LogUnavailable(logger, method, context.Request.Path, attempt + 1, ex.GetType().Name, Describe(ex));
                    AnswerUnavailable(context);
                    if (errorPage)
                    {
                        await WriteFallbackPageAsync(context);
                    }

                    return;
                }

                LogRetry(logger, method, context.Request.Path, attempt + 1, ex.GetType().Name, Describe(ex));
                // The failed run's tracked entities must not be saved by the next one.
                context.RequestServices.GetService<ConsortiumDbContext>()?.ChangeTracker.Clear();
                context.Response.StatusCode = StatusCodes.Status200OK;
                await Task.Delay(Delays[attempt], context.RequestAborted);
            }
        }
    });

    /// <summary>The fault's kind for the log: an SQLSTATE or the inner exception's type, never a message that may quote data.</summary>
    private static string Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return "SQLSTATE " + postgres.SqlState;
            }

            if (e is NpgsqlException { InnerException: { } inner })
            {
                return inner.GetType().Name;
            }
        }

        return exception.InnerException?.GetType().Name ?? "";
    }

    /// <summary>503 with Retry-After; the status-code pages render the localized page.</summary>
    public static void AnswerUnavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The page when even the error page cannot be rendered (a host that has not yet read its data-protection keys
    /// from the database cannot make an antiforgery token): plain, localized, no layout, no script.
    /// </summary>
    private static Task WriteFallbackPageAsync(HttpContext context)
    {
        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="{{encoder.Encode(language)}}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{encoder.Encode(localizer["Error.503.Title"])}}</title></head>
            <body><main><h1>{{encoder.Encode(localizer["Error.503.Title"])}}</h1><p>{{encoder.Encode(localizer["Error.503.Text"])}}</p></main></body>
            </html>
            """), context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient database fault on {Method} {Path} (attempt {Attempt}), running it again: {Error}: {Detail}")]
    private static partial void LogRetry(ILogger logger, string method, string path, int attempt, string error, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable for {Method} {Path} after {Attempts} attempt(s), answered 503: {Error}: {Detail}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, int attempts, string error, string detail);
}
