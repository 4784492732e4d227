using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

/// <summary>
/// Counts the SQL round trips one HTTP request causes: every command Npgsql executes (EF Core's, Identity's, data
/// protection's, raw Npgsql's: they all go through Npgsql, whose ActivitySource reports each command or batch as one
/// activity), attributed to the request by an AsyncLocal that a middleware at the very front of the pipeline sets when
/// the request carries <see cref="Header"/>. Layout, view components, authentication and authorization all run inside
/// it; background services (outbox, expiry job) and requests of other test classes do not carry the header and are
/// not counted. The DbContext is pooled: nothing here is per context.
/// </summary>
public static class SqlCommandCounter
{
    public const string Header = "X-Test-Count-Sql";

    private static readonly ConcurrentDictionary<string, CountedCommands> Open = new(StringComparer.Ordinal);
    private static readonly AsyncLocal<CountedCommands?> Current = new();
    private static readonly ActivityListener Listener = CreateListener();

    /// <summary>A new, empty log, registered under a fresh id for the header; dispose it when done.</summary>
    public static CountedCommands Begin()
    {
        GC.KeepAlive(Listener);
        var log = new CountedCommands(Guid.NewGuid().ToString("N"));
        Open[log.Id] = log;
        return log;
    }

    internal static void End(CountedCommands log) => Open.TryRemove(log.Id, out _);

    /// <summary>The middleware: the front of the pipeline (added by <see cref="StartupFilter"/>).</summary>
    private static async Task CountAsync(Microsoft.AspNetCore.Http.HttpContext context, Func<Task> next)
    {
        if (context.Request.Headers.TryGetValue(Header, out var id) && Open.TryGetValue(id.ToString(), out var log))
        {
            Current.Value = log;
            try
            {
                await next();
            }
            finally
            {
                Current.Value = null;
            }
        }
        else
        {
            await next();
        }
    }

    private static ActivityListener CreateListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Current.Value?.Add(activity),
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>Registered in the test host: puts the counting middleware before everything the app adds.</summary>
    public sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) => CountAsync(context, () => nextMiddleware(context)));
            next(app);
        };
    }
}

/// <summary>The commands of the requests sent with one id (see <see cref="SqlCommandCounter.Begin"/>).</summary>
public sealed class CountedCommands(string id) : IDisposable
{
    private readonly List<string> _commands = [];
    private readonly List<string> _other = [];

    public string Id { get; } = id;

    /// <summary>The SQL of each command (or batch) executed, in order.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Other Npgsql activities (a physical connection being opened), not commands.</summary>
    public IReadOnlyList<string> Other
    {
        get
        {
            lock (_commands)
            {
                return [.. _other];
            }
        }
    }

    public int Count => Commands.Count;

    internal void Add(Activity activity)
    {
        var sql = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string;
        lock (_commands)
        {
            if (sql is not null)
            {
                _commands.Add(sql);
            }
            else
            {
                _other.Add(activity.DisplayName);
            }
        }
    }

    public void Dispose() => SqlCommandCounter.End(this);
}

/// <summary>
/// The portal with the SQL command counter in front of its pipeline. The security stamp is re-validated once an
/// hour here (production: once a minute per session) so that a slow test run never has the re-validation fall on a
/// counted page; its own cost is measured separately, with the interval at zero.
/// </summary>
public sealed class CountingPortalFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:SecurityStampValidationInterval", "01:00:00");
        // The portal's own Server-Timing count (what the benchmark harness reports) is checked against this one.
        builder.UseSetting("Diagnostics:ServerTiming", "true");
        builder.ConfigureServices(services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions
            .AddSingleton<IStartupFilter, SqlCommandCounter.StartupFilter>(services));
    }
}

/// <summary>A page and the SQL commands serving it caused (and any other Npgsql activity, e.g. a physical connection opened).</summary>
public sealed record CountedPage(AngleSharp.Html.Dom.IHtmlDocument Page, IReadOnlyList<string> Commands, IReadOnlyList<string> Other)
{
    public int Count => Commands.Count;
}

public static class CountingClientExtensions
{
    /// <summary>GETs a page (expecting 200, no redirect) and returns it with the SQL commands serving it caused.</summary>
    public static async Task<CountedPage> GetCountedAsync(this PortalClient client, string url)
    {
        using var log = SqlCommandCounter.Begin();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, log.Id);
        using var response = await client.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"GET {url}: expected 200, got {(int)response.StatusCode}. {(html.Length > 1500 ? html[..1500] : html)}");
        // The Server-Timing header (an EF interceptor inside the app) must count what Npgsql executed, so the
        // harness's figure at full scale means the same as this test's.
        var timing = string.Join(", ", response.Headers.TryGetValues("Server-Timing", out var values) ? values : []);
        var reported = System.Text.RegularExpressions.Regex.Match(timing, "db;dur=[0-9.]+;desc=\"([0-9]+)\"");
        Assert.True(reported.Success, $"GET {url}: no Server-Timing SQL count in '{timing}'");
        Assert.Equal(log.Count, int.Parse(reported.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return new CountedPage(await PortalClient.ParseAsync(html, response.RequestMessage!.RequestUri!), log.Commands, log.Other);
    }
}
