using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>The request aggregate and its matches survive a round trip through PostgreSQL unchanged.</summary>
public class RequestPersistenceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_connected_request_round_trips_with_its_lists_routing_history_and_frozen_match_factors()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = (await provider.InScopeAsync(sp => sp.GetRequiredService<SmeRegistrationService>().RegisterAsync(new SmeRegistration(
            "라운드트립(주)", null, BusinessNumbers.NewValid(), Domain.Companies.CompanySize.Small, "PETROCHEMICAL", "담당자",
            TestServices.NewEmail("rt"), "plum-orbit-lantern-2026", true, "ko")))).Value!;

        var id = await TestRequests.CreateInStateAsync(provider, user.CompanyId!.Value, user.Id, RequestStatus.Connected);

        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.AsNoTracking().Include(r => r.Contributors).Include(r => r.History).AsSplitQuery().SingleAsync(r => r.Id == id);
            Assert.Equal(RequestStatus.Connected, request.Status);
            Assert.Equal(["CCUS.METHANE", "DX.AI"], request.TechnologyCodes);
            Assert.Equal(["CA", "US"], request.PreferredCountries);
            Assert.Equal("KRICT", request.LeadOrganizationCode);
            Assert.True(request.IsConvergence);
            Assert.Equal("ETRI", Assert.Single(request.Contributors).OrganizationCode);
            Assert.Matches(@"^CNC-\d{4}-\d{6}$", request.ReferenceNumber);
            Assert.Equal(
                [null, RequestStatus.Draft, RequestStatus.Submitted, RequestStatus.InReview, RequestStatus.Matching, RequestStatus.PartnersProposed],
                request.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.From).ToArray());
            var match = await db.Matches.AsNoTracking().SingleAsync(m => m.RequestId == id);
            Assert.Equal(2, match.Factors.Count);
            Assert.Equal("CCUS.METHANE matches exactly", match.Factors[0].ReasonEn);
        });
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_deletes_and_truncate_by_any_path()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.AuditEntries.Add(AuditEntry.For(Domain.Common.Actor.System, "Test.Written", "Test", 1, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET action = 'Changed'"));
            Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
            await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));
            await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));

            // Through the app's own DbContext: a changed or removed entry is refused on save, and nothing changes.
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == "Test.Written");
            db.Entry(entry).Property(a => a.Action).CurrentValue = "Test.Rewritten";
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.Action == "Test.Written"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            await Assert.ThrowsAsync<PostgresException>(() => db.AuditEntries.Where(a => a.Action == "Test.Written").ExecuteDeleteAsync());
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Test.Written"));
        });
    }
}
