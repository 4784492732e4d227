using System.Net;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog.Core;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Transient database faults, made for real: every server connection of the test database is terminated by
/// PostgreSQL (pg_terminate_backend), so the app's pooled connections are dead when the next request uses them.
/// The request runs again on a fresh connection; an idempotent form is saved once; a form that may not be re-run,
/// and a database that stays away, get the localized 503 page with Retry-After, never a 500.
/// </summary>
public sealed class TransientFaultRetryTests(TransientFaultRetryTests.Factory portal) : IClassFixture<TransientFaultRetryTests.Factory>
{
    public sealed class Factory : PortalFactory
    {
        public LogRedactionTests.Collector Events { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Events));
        }
    }

    /// <summary>
    /// A trigger in the test database that makes PostgreSQL end the inserting session (FATAL 57P01, the connection
    /// closes mid-transaction, exactly as when the server restarts) the first time a row with the marker is inserted.
    /// The counter is a sequence, which the rolled-back transaction does not undo.
    /// </summary>
    private async Task DropConnectionOnFirstInsertAsync(string table, string column, string marker)
    {
        var name = "test_fault_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(portal.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            CREATE SEQUENCE {name}_seq;
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF NEW.{column} = '{marker.Replace("'", "''", StringComparison.Ordinal)}' AND nextval('{name}_seq') = 1 THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                END IF;
                RETURN NEW;
            END $f$;
            CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private int LinesContaining(string text) => portal.Events.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task A_new_request_whose_connection_drops_mid_insert_is_run_again_and_the_draft_is_created_once()
    {
        var title = "연결이 끊긴 동안 보낸 요청 " + Guid.NewGuid().ToString("N")[..8];
        await DropConnectionOnFirstInsertAsync("partnership_requests", "title", title);
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Requests/New");
        var key = Guid.Parse(form.QuerySelector("input[name='Input.ClientKey']")!.GetAttribute("value")!);

        var before = LinesContaining("Transient database fault on \"POST\" \"/Requests/New\"");
        var page = await RequestWizardSupport.PostForPageAsync(client, form, "#step-form",
            [("Input.Title", title), ("Input.PublicSummary", "재시도 시험"), ("Input.CooperationTypeCode", "technology_introduction")]);

        Assert.EndsWith("/Technology", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(before + 1, LinesContaining("Transient database fault on \"POST\" \"/Requests/New\""));
        var drafts = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking()
            .Where(r => r.CompanyId == companyId).Select(r => new { r.Id, r.ClientKey, r.Title }).ToListAsync());
        var draft = Assert.Single(drafts);
        Assert.Equal(key, draft.ClientKey);
        Assert.Equal(title, draft.Title);
        Assert.Equal(RequestWizardSupport.IdFromUrl(page.Url), draft.Id);
        var audits = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .CountAsync(a => a.EntityId == draft.Id.ToString()));
        Assert.Equal(1, audits);
    }

    [Fact]
    public async Task A_form_that_may_not_be_run_twice_gets_the_localized_503_page_and_nothing_is_saved()
    {
        const string name = "Dropped Connection";
        var (email, companyId) = await portal.CreateSmeAsync();
        await DropConnectionOnFirstInsertAsync("contact_persons", "name", name);
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Company/Contacts/Edit");
        var values = new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.Email"] = $"dropped-{Guid.NewGuid():N}@example.com",
            ["Input.CollectionConsent"] = "true",
        };

        using var response = await client.SubmitAsync(form, "#contact-form", values);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("서비스를 잠시 사용할 수 없습니다", html, StringComparison.Ordinal);
        Assert.Contains("저장되었는지 확인한 뒤", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Task<int> Saved() => portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().ContactPersons.AsNoTracking()
            .CountAsync(c => c.CompanyId == companyId && c.Name == name));
        Assert.Equal(0, await Saved());

        // The person sends the form again: saved once.
        using var again = await client.SubmitAsync(form, "#contact-form", values);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await Saved());
    }

    [Theory]
    [InlineData("ko", "서비스를 잠시 사용할 수 없습니다")]
    [InlineData("en", "Temporarily unavailable")]
    public async Task While_PostgreSQL_cannot_be_reached_pages_answer_503_with_Retry_After_and_the_localized_page(string culture, string title)
    {
        await using var broken = portal.WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Default", "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=none;Timeout=1"));
        using var client = broken.CreateClient(new() { BaseAddress = portal.ClientOptions.BaseAddress, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"__Host-cnc.lang=c={culture}|uic={culture}");

        // A host that never reached its database cannot even read its data-protection keys to render a page: the
        // error page itself fails, and the answer is the short fallback page (no retries of an error page).
        using var response = await client.GetAsync("/Programmes/Events");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains($"lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
