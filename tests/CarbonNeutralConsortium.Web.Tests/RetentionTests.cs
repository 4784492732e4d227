using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Privacy;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// The retention purge (Privacy.RetentionService): what is past its period goes, what is not stays, SME accounts
/// unused for three years are erased (staff accounts are not), and only one instance purges at a time.
/// </summary>
public sealed class RetentionTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task The_purge_removes_what_is_past_its_period_keeps_the_rest_and_erases_SME_accounts_unused_for_three_years()
    {
        var now = DateTimeOffset.UtcNow;
        var (oldEmail, oldCompany) = await portal.CreateSmeAsync();
        var (recentEmail, _) = await portal.CreateSmeAsync();
        var staffEmail = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KETI");
        var oldUser = (await portal.FindUserAsync(oldEmail))!.Id;
        var recentUser = (await portal.FindUserAsync(recentEmail))!.Id;
        var staffUser = (await portal.FindUserAsync(staffEmail))!.Id;
        var marker = Guid.NewGuid().ToString("N")[..10];
        var ids = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var fourYearsAgo = now.AddYears(-4);
            await db.Users.Where(u => u.Id == oldUser || u.Id == staffUser).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, fourYearsAgo));
            await db.Users.Where(u => u.Id == recentUser).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, fourYearsAgo).SetProperty(u => u.LastSignInAt, now.AddDays(-10)));

            Notification Note(int daysAgo) => new() { UserId = recentUser, Kind = NotificationKind.RequestSubmitted, Subject = marker, CreatedAt = now.AddDays(-daysAgo) };
            var oldNote = Note(400);
            var newNote = Note(30);
            EmailOutboxMessage Mail(int? sentDaysAgo) => new()
            {
                ToAddress = $"{marker}@example.com", Subject = marker, Kind = "test", CreatedAt = now.AddDays(-200),
                NextAttemptAt = sentDaysAgo is null ? now.AddYears(1) : now.AddDays(-200), SentAt = sentDaysAgo is null ? null : now.AddDays(-sentDaysAgo.Value),
            };
            var oldMail = Mail(120);
            var newMail = Mail(10);
            var pendingMail = Mail(null);
            var inviter = new Actor(recentUser, "담당자", ActorSide.Company);
            var oldInvitation = CompanyInvitation.Create(oldCompany, $"old-{marker}@example.com", "hash-" + marker + "-1", inviter, new FixedClock(now.AddDays(-60)));
            var newInvitation = CompanyInvitation.Create(oldCompany, $"new-{marker}@example.com", "hash-" + marker + "-2", inviter, new FixedClock(now.AddDays(-1)));
            db.AddRange(oldNote, newNote, oldMail, newMail, pendingMail, oldInvitation, newInvitation);
            await db.SaveChangesAsync();
            var subject = Guid.NewGuid();
            foreach (var daysAgo in new[] { 800, 100 })
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO personal_data_views (at, viewer_user_id, purpose, subject_type, subject_id, records)
                    VALUES ({now.AddDays(-daysAgo)}, {staffUser}, {PersonalDataPurposes.UserAccount}, 'User', {subject}, 1)
                    """);
            }

            return (OldNote: oldNote.Id, NewNote: newNote.Id, OldMail: oldMail.Id, NewMail: newMail.Id, Pending: pendingMail.Id,
                OldInvitation: oldInvitation.Id, NewInvitation: newInvitation.Id, Subject: subject);
        });

        // The host's own worker may be purging at the same moment: then this run skips, and the next one finds nothing left.
        RetentionResult? result = null;
        for (var attempt = 0; attempt < 50 && result is null; attempt++)
        {
            result = await portal.WithServiceAsync(sp => sp.GetRequiredService<RetentionService>().PurgeAsync());
            if (result is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(result);
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var notes = await db.Notifications.Where(n => n.Subject == marker).Select(n => n.Id).ToListAsync();
            Assert.Equal([ids.NewNote], notes);
            var mails = await db.EmailOutbox.Where(m => m.Subject == marker).Select(m => m.Id).ToListAsync();
            Assert.Equal(new[] { ids.NewMail, ids.Pending }.Order(), mails.Order());
            var invitations = await db.CompanyInvitations.Where(i => i.Id == ids.OldInvitation || i.Id == ids.NewInvitation).Select(i => i.Id).ToListAsync();
            Assert.Equal([ids.NewInvitation], invitations);
            Assert.Equal(1, await db.PersonalDataViews.CountAsync(v => v.SubjectId == ids.Subject));

            var users = await db.Users.Where(u => u.Id == oldUser || u.Id == recentUser || u.Id == staffUser)
                .Select(u => new { u.Id, u.ErasedAt, u.Email }).ToDictionaryAsync(u => u.Id);
            Assert.NotNull(users[oldUser].ErasedAt);
            Assert.Equal(PersonalDataErasure.ErasedEmail(oldUser), users[oldUser].Email);
            Assert.Null(users[recentUser].ErasedAt);
            Assert.Null(users[staffUser].ErasedAt);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Account.Erased" && a.EntityId == oldUser.ToString() && a.ActorUserId == null));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Privacy.RetentionPurged"));
            return 0;
        });
    }

    [Fact]
    public async Task A_run_skips_while_another_instance_holds_the_lock_and_the_periods_come_from_configuration()
    {
        await using (var other = new NpgsqlConnection(portal.ConnectionString))
        {
            await other.OpenAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({RetentionService.AdvisoryLockKey})", other))
            {
                await take.ExecuteNonQueryAsync();
            }

            Assert.Null(await portal.WithServiceAsync(sp => sp.GetRequiredService<RetentionService>().PurgeAsync()));

            // Released explicitly: a session lock would otherwise stay with the pooled connection.
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({RetentionService.AdvisoryLockKey})", other);
            await release.ExecuteNonQueryAsync();
        }

        // The other instance let go: the next run works (or finds the host's worker in the middle of one).
        RetentionResult? result = null;
        for (var attempt = 0; attempt < 50 && result is null; attempt++)
        {
            result = await portal.WithServiceAsync(sp => sp.GetRequiredService<RetentionService>().PurgeAsync());
        }

        Assert.NotNull(result);

        var configured = RetentionOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Retention:Notifications"] = "30", ["Retention:AccessLog"] = "-5", ["Retention:SentEmails"] = "abc" })
            .Build());
        Assert.Equal(new RetentionOptions(30, 90, 30, 730, 1095), configured);
    }
}
