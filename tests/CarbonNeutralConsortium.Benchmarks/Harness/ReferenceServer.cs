using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>One SQL command of a page, with its parameters (as EF Core sent them: names, values, types).</summary>
public sealed record ReferenceCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    public void Bind(NpgsqlCommand command)
    {
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }
    }
}

/// <summary>A hot page's queries, exactly as the portal sends them, for the reference render.</summary>
public sealed record ReferencePage(string Name, IReadOnlyList<ReferenceCommand> Commands);

/// <summary>
/// The yardstick of the wrk comparison: the least a server can do for a page. Kestrel, raw Npgsql (one pooled data
/// source, prepared statements), the portal's own SQL for that page with the same parameters, every row rendered
/// into an HTML table, HTML-encoded; no framework, no authentication, no layout. The portal's throughput on the
/// same page, divided by this one's, is the figure QUALITY.md asks for (≥ 85%).
/// </summary>
public sealed class ReferenceServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly NpgsqlDataSource dataSource;

    private ReferenceServer(WebApplication app, NpgsqlDataSource dataSource, Uri address)
    {
        this.app = app;
        this.dataSource = dataSource;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ReferenceServer> StartAsync(string connectionString, IReadOnlyList<ReferencePage> pages)
    {
        var port = AppProcess.FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address.ToString());
        var app = builder.Build();
        var dataSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString).Build();
        foreach (var page in pages)
        {
            app.MapGet("/ref/" + page.Name, async context =>
            {
                var html = await RenderAsync(dataSource, page, context.RequestAborted);
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(html, context.RequestAborted);
            });
        }

        await app.StartAsync();
        return new ReferenceServer(app, dataSource, address);
    }

    public Uri PageUrl(string name) => new(Address, "/ref/" + name);

    /// <summary>Runs the page's commands on one connection and renders every row.</summary>
    public static async Task<string> RenderAsync(NpgsqlDataSource dataSource, ReferencePage page, CancellationToken cancellationToken)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>").Append(page.Name).Append("</title></head><body><main>");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var step in page.Commands)
        {
            await using var command = new NpgsqlCommand(step.Sql, connection);
            step.Bind(command);

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            html.Append("<table><tbody>");
            while (await reader.ReadAsync(cancellationToken))
            {
                html.Append("<tr>");
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    html.Append("<td>");
                    if (!reader.IsDBNull(i))
                    {
                        var value = reader.GetValue(i);
                        var text = value switch
                        {
                            Array array => string.Join(", ", array.Cast<object>()),
                            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                            _ => value.ToString(),
                        };
                        html.Append(HtmlEncoder.Default.Encode(text ?? ""));
                    }

                    html.Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</main></body></html>");
        return html.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await dataSource.DisposeAsync();
    }
}
