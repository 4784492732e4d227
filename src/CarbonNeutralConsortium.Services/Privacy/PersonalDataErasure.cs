using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Privacy;

/// <summary>
/// Erasure on request (PIPA art. 36): a person's personal data is removed, while what the consortium must keep (the
/// company's requests, their history, matches, messages and the audit trail) stays, with the person's name replaced
/// by <see cref="ErasedName"/>. In one transaction:
/// <list type="bullet">
/// <item>the account: name, e-mail and user name replaced, phone, password, authenticator key, recovery codes,
/// logins, claims and roles removed, locked for good and deactivated (every session ends);</item>
/// <item>contact-person records that carry the person's e-mail address (in any company) are removed (their personal
/// fields blanked, the consent history kept);</item>
/// <item>the person's name wherever the portal wrote it next to their user id (request history, messages, internal
/// notes, attachments, matches, plans' and proposals' history, consent records, invitations they sent); invitations
/// addressed to them;</item>
/// <item>their notifications, and every e-mail to their address still waiting in the outbox or kept after sending.</item>
/// </list>
/// Audit entries name the actor by user id only (the name is read from the account when shown), so the
/// append-only audit log needs no change: it shows <see cref="ErasedName"/> from then on.
/// </summary>
public sealed class PersonalDataErasure(ConsortiumDbContext db, UserManager<PortalUser> users, TimeProvider clock)
{
    /// <summary>What an erased person is called from then on, in both languages (stored data is language-neutral).</summary>
    public const string ErasedName = "삭제된 사용자 · Erased user";

    public const int ReasonMaxLength = 500;

    /// <summary>The address an erased account gets: unique, and in a domain that can never receive mail (RFC 2606).</summary>
    public static string ErasedEmail(Guid userId) => $"erased-{userId:N}@erased.invalid";

    /// <summary>An admin erases an account (a request received by letter or e-mail, or a staff member who left): a reason is required.</summary>
    public async Task<ServiceResult<Guid>> EraseAsync(Actor actor, Guid userId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return ServiceResult<Guid>.Fail("Reason", "Privacy.ReasonRequired");
        }

        if (reason.Length > ReasonMaxLength || reason.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            return ServiceResult<Guid>.Fail("Reason", reason.Length > ReasonMaxLength ? "Privacy.ReasonTooLong" : "Privacy.ReasonInvalid");
        }

        if (actor.UserId == userId)
        {
            return ServiceResult<Guid>.Fail("", "Admin.NotYourself");
        }

        return await EraseCoreAsync(actor, userId, "Account.Erased", reason, cancellationToken);
    }

    /// <summary>An SME member erases their own account from /Account after typing their password. Staff ask an admin.</summary>
    public async Task<ServiceResult<Guid>> EraseOwnAsync(Actor actor, Guid userId, string? password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.ErasedAt is not null)
        {
            return ServiceResult<Guid>.Fail("", "Admin.NotFound");
        }

        if (user.CompanyId is null)
        {
            return ServiceResult<Guid>.Fail("", "Privacy.StaffAskAdmin");
        }

        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            return ServiceResult<Guid>.Fail("ErasePassword", "Account.CurrentPasswordWrong");
        }

        return await EraseCoreAsync(actor, userId, "Account.ErasedOnRequest", null, cancellationToken);
    }

    private async Task<ServiceResult<Guid>> EraseCoreAsync(Actor actor, Guid userId, string action, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row lock orders two erasures (or an erasure and an admin's edit) of the same account.
        var user = await db.Users.FromSql($"SELECT * FROM users WHERE id = {userId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return ServiceResult<Guid>.Fail("", "Admin.NotFound");
        }

        if (user.ErasedAt is not null)
        {
            return ServiceResult<Guid>.Fail("", "Privacy.AlreadyErased");
        }

        var adminRole = await db.Roles.AsNoTracking().Where(r => r.Name == PortalRoles.ConsortiumAdmin).Select(r => r.Id).SingleAsync(cancellationToken);
        var isAdmin = await db.UserRoles.AnyAsync(ur => ur.UserId == userId && ur.RoleId == adminRole, cancellationToken);
        if (isAdmin && !await db.UserRoles.AnyAsync(ur => ur.RoleId == adminRole && ur.UserId != userId
                && db.Users.Any(u => u.Id == ur.UserId && u.IsActive && u.ErasedAt == null), cancellationToken))
        {
            return ServiceResult<Guid>.Fail("", "Privacy.LastAdmin");
        }

        var email = (user.Email ?? "").ToLowerInvariant();
        var erasedEmail = ErasedEmail(userId);
        var now = clock.GetUtcNow();

        user.DisplayName = ErasedName;
        user.Email = erasedEmail;
        user.NormalizedEmail = erasedEmail.ToUpperInvariant();
        user.UserName = erasedEmail;
        user.NormalizedUserName = erasedEmail.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.IsActive = false;
        user.ErasedAt = now;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();

        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserLogins.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserClaims.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserRoles.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);

#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison has no translation
        var contacts = email.Length == 0 ? [] : await db.ContactPersons.Where(c => c.RemovedAt == null && c.Email.ToLower() == email).ToListAsync(cancellationToken);
        foreach (var contact in contacts)
        {
            contact.Remove(clock);
        }

        await db.ContactConsents.Where(c => c.RecordedByUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(c => c.RecordedByName, ErasedName), cancellationToken);
        await db.CompanyInvitations.Where(i => i.InvitedByUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(i => i.InvitedByName, ErasedName), cancellationToken);
        if (email.Length > 0)
        {
            await db.CompanyInvitations.Where(i => i.AcceptedUserId == userId || i.Email.ToLower() == email)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Email, erasedEmail), cancellationToken);
            await db.EmailOutbox.Where(m => m.ToAddress.ToLower() == email).ExecuteDeleteAsync(cancellationToken);
        }

#pragma warning restore CA1862
        await db.RequestStatusChanges.Where(h => h.ActorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(h => h.ActorName, ErasedName), cancellationToken);
        await db.RequestMessages.Where(m => m.AuthorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(m => m.AuthorName, ErasedName), cancellationToken);
        await db.RequestInternalNotes.Where(n => n.AuthorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(n => n.AuthorName, ErasedName), cancellationToken);
        await db.RequestAttachments.Where(a => a.UploadedByUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(a => a.UploadedByName, ErasedName), cancellationToken);
        await db.Matches.Where(m => m.ProposedByUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProposedByName, ErasedName), cancellationToken);
        await db.MatchStatusChanges.Where(h => h.ActorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(h => h.ActorName, ErasedName), cancellationToken);
        await db.Set<Domain.Programmes.PlanStageChange>().Where(h => h.ActorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(h => h.ActorName, ErasedName), cancellationToken);
        await db.Set<Domain.Programmes.ProposalReview>().Where(h => h.ActorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(h => h.ActorName, ErasedName), cancellationToken);
        await db.Notifications.Where(n => n.UserId == userId).ExecuteDeleteAsync(cancellationToken);

        db.AuditEntries.Add(AuditEntry.For(actor, action, nameof(PortalUser), userId, now,
            $"{contacts.Count} contact record(s) removed" + (reason is null ? "" : "; " + reason)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(userId);
    }
}
