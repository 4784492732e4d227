using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Companies;

/// <summary>Where an invitation link stands.</summary>
public enum InvitationState
{
    Usable,
    Unknown,
    Expired,
    Used,
    Revoked,
}

/// <summary>What the accept page shows about an invitation.</summary>
public sealed record InvitationView(InvitationState State, string Email, string CompanyNameKo, string? CompanyNameEn);

/// <summary>What the invited person fills in.</summary>
public sealed record InvitationAcceptance(string DisplayName, string Password, bool PrivacyConsent, string Culture);

/// <summary>
/// Members invite colleagues by e-mail: a random token travels in the link, only its SHA-256 is stored; the link
/// works once, for seven days. Leaving deactivates the account; the last member cannot leave.
/// </summary>
public sealed class CompanyInvitationService(
    ConsortiumDbContext db,
    UserManager<PortalUser> users,
    EmailComposer composer,
    PortalLinks links,
    TimeProvider clock)
{
    public const int TokenBytes = 32;

    /// <summary>Invites an address to the company, revoking an earlier pending invitation of the same address.</summary>
    public async Task<ServiceResult<Guid>> InviteAsync(Guid companyId, Actor inviter, string? email, string culture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inviter);
        email = email?.Trim() ?? "";
        if (!IsPlainAddress(email))
        {
            return ServiceResult<Guid>.Fail("Email", "Account.InvalidEmail");
        }

        // A member who left keeps their (deactivated) account and its address: they may be invited back into the
        // same company. Any other account (active, another company's, staff) refuses the address.
        if (await users.FindByEmailAsync(email) is { } existing && !await IsFormerMemberAsync(existing, companyId))
        {
            return ServiceResult<Guid>.Fail("Email", "Invitation.EmailHasAccount");
        }

        var company = await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => new { c.NameKo, c.NameEn }).SingleOrDefaultAsync(cancellationToken);
        if (company is null)
        {
            return ServiceResult<Guid>.Fail("", "Company.NotFound");
        }

        var now = clock.GetUtcNow();
        // A company has few open invitations: compare the addresses case-insensitively here.
        var open = await db.CompanyInvitations
            .Where(i => i.CompanyId == companyId && i.AcceptedAt == null && i.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var old in open.Where(i => string.Equals(i.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            old.Revoke(clock);
            db.AuditEntries.Add(AuditEntry.For(inviter, "Company.InvitationRevoked", nameof(CompanyInvitation), old.Id, now, "replaced by a new invitation"));
        }

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));
        var invitation = CompanyInvitation.Create(companyId, email, HashToken(token), inviter, clock);
        db.CompanyInvitations.Add(invitation);
        db.AuditEntries.Add(AuditEntry.For(inviter, "Company.MemberInvited", nameof(CompanyInvitation), invitation.Id, now));
        var english = culture == "en";
        composer.Queue(email, null, english ? "en" : "ko", "CompanyInvitation", "CompanyInvitation.Subject", "CompanyInvitation.Body",
            _ => [inviter.Name, english && company.NameEn is not null ? company.NameEn : company.NameKo, new EmailLink(links.AcceptInvitation(token))]);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(invitation.Id);
    }

    /// <summary>Revokes a pending invitation of the company; false when there is no such invitation.</summary>
    public async Task<bool> RevokeAsync(Guid companyId, Guid invitationId, Actor actor, CancellationToken cancellationToken = default)
    {
        var invitation = await db.CompanyInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.CompanyId == companyId, cancellationToken);
        if (invitation is null)
        {
            return false;
        }

        if (invitation.AcceptedAt is null && invitation.RevokedAt is null)
        {
            invitation.Revoke(clock);
            db.AuditEntries.Add(AuditEntry.For(actor, "Company.InvitationRevoked", nameof(CompanyInvitation), invitation.Id, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>The invitation behind a link's token, or an Unknown view when there is none.</summary>
    public async Task<InvitationView> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Unknown;
        }

        var hash = HashToken(token);
        var found = await (
                from i in db.CompanyInvitations.AsNoTracking()
                join c in db.Companies.AsNoTracking() on i.CompanyId equals c.Id
                where i.TokenHash == hash
                select new { i.Email, i.AcceptedAt, i.RevokedAt, i.ExpiresAt, c.NameKo, c.NameEn })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Unknown;
        }

        var state = found.AcceptedAt is not null ? InvitationState.Used
            : found.RevokedAt is not null ? InvitationState.Revoked
            : clock.GetUtcNow() >= found.ExpiresAt ? InvitationState.Expired
            : InvitationState.Usable;
        return new InvitationView(state, found.Email, found.NameKo, found.NameEn);
    }

    /// <summary>
    /// Creates the invited person's account in the company (or reactivates theirs when they had left the same company)
    /// and uses up the invitation, in one transaction. Of two concurrent accepts, the conditional UPDATE lets exactly
    /// one through. The link came by e-mail to the address: the address counts as confirmed.
    /// </summary>
    public async Task<ServiceResult<PortalUser>> AcceptAsync(string? token, InvitationAcceptance input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrEmpty(token))
        {
            return ServiceResult<PortalUser>.Fail("", "Invitation.Invalid");
        }

        var hash = HashToken(token);
        var invitation = await db.CompanyInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null)
        {
            return ServiceResult<PortalUser>.Fail("", "Invitation.Invalid");
        }

        var errors = new List<FieldError>();
        if (!input.PrivacyConsent)
        {
            errors.Add(new FieldError(nameof(input.PrivacyConsent), "Account.PrivacyConsentRequired"));
        }

        if (await users.FindByEmailAsync(invitation.Email) is { } former && await IsFormerMemberAsync(former, invitation.CompanyId))
        {
            return await RejoinAsync(invitation, former, input, errors, cancellationToken);
        }

        var user = NewAccounts.Build(invitation.Email, input.DisplayName ?? "", input.Culture, clock);
        user.CompanyId = invitation.CompanyId;
        user.PrivacyConsentAt = clock.GetUtcNow();
        user.PrivacyConsentVersion = PortalIdentityOptions.PrivacyConsentVersion;
        user.EmailConfirmed = true;

        try
        {
            // The domain's rules (used, revoked, expired) on a copy; the database decides the race below.
            invitation.Accept(user.Id, clock);
        }
        catch (DomainException ex)
        {
            return ServiceResult<PortalUser>.Fail("", ex.Code);
        }

        await NewAccounts.AddErrorsAsync(users, user, input.Password, errors);
        if (errors.Count > 0)
        {
            // The address got an account since the invitation was sent: the link cannot be used any more.
            return ServiceResult<PortalUser>.Fail(errors.Select(e => e.Field == "Email" ? e with { Field = "" } : e).ToList());
        }

        var now = invitation.AcceptedAt!.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (!await ClaimAsync(invitation.Id, user.Id, now, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return ServiceResult<PortalUser>.Fail("", "Invitation.AlreadyUsed");
            }

            var created = await users.CreateAsync(user, input.Password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return ServiceResult<PortalUser>.Fail(created.ToFieldErrors("", nameof(input.Password)).ToList());
            }

            var role = await users.AddToRoleAsync(user, PortalRoles.SmeMember);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException("Role SmeMember is missing: run `cnc migrate`.");
            }

            db.AuditEntries.Add(AuditEntry.For(new Actor(user.Id, user.DisplayName, ActorSide.Company), "Company.InvitationAccepted",
                nameof(CompanyInvitation), invitation.Id, now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ServiceResult<PortalUser>.Ok(user);
        }
        catch (DbUpdateException ex) when (NewAccounts.IsUniqueViolation(ex, out _))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return ServiceResult<PortalUser>.Fail("", "Account.DuplicateEmail");
        }
    }

    /// <summary>
    /// A member who left accepts an invitation back into the same company: their account is reactivated with the new
    /// password, display name, language and privacy consent; the new security stamp keeps old sessions ended.
    /// </summary>
    private async Task<ServiceResult<PortalUser>> RejoinAsync(CompanyInvitation invitation, PortalUser user, InvitationAcceptance input, List<FieldError> errors,
        CancellationToken cancellationToken)
    {
        NewAccounts.AddDisplayNameError(input.DisplayName, errors);

        try
        {
            invitation.Accept(user.Id, clock);
        }
        catch (DomainException ex)
        {
            return ServiceResult<PortalUser>.Fail("", ex.Code);
        }

        await NewAccounts.AddPasswordErrorsAsync(users, user, input.Password, "", errors);

        if (errors.Count > 0)
        {
            return ServiceResult<PortalUser>.Fail(errors);
        }

        var now = invitation.AcceptedAt!.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(invitation.Id, user.Id, now, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return ServiceResult<PortalUser>.Fail("", "Invitation.AlreadyUsed");
        }

        user.IsActive = true;
        user.DisplayName = input.DisplayName!.Trim();
        user.PreferredCulture = input.Culture == "en" ? "en" : "ko";
        user.PrivacyConsentAt = now;
        user.PrivacyConsentVersion = PortalIdentityOptions.PrivacyConsentVersion;
        user.EmailConfirmed = true;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        user.PasswordHash = users.PasswordHasher.HashPassword(user, input.Password);
        // Saves the account (with a new stamp: whatever session the old password had stays ended).
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return ServiceResult<PortalUser>.Fail(updated.ToFieldErrors("", nameof(input.Password)).ToList());
        }

        if (!await users.IsInRoleAsync(user, PortalRoles.SmeMember))
        {
            var role = await users.AddToRoleAsync(user, PortalRoles.SmeMember);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException("Role SmeMember is missing: run `cnc migrate`.");
            }
        }

        var actor = new Actor(user.Id, user.DisplayName, ActorSide.Company);
        db.AuditEntries.Add(AuditEntry.For(actor, "Company.InvitationAccepted", nameof(CompanyInvitation), invitation.Id, now));
        db.AuditEntries.Add(AuditEntry.For(actor, "Company.MemberRejoined", nameof(PortalUser), user.Id, now, "deactivated account reactivated"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<PortalUser>.Ok(user);
    }

    /// <summary>A deactivated SME account of this very company (a member who left), never a staff account.</summary>
    private async Task<bool> IsFormerMemberAsync(PortalUser user, Guid companyId) =>
        !user.IsActive && user.CompanyId == companyId && user.OrganizationCode is null
        && !(await users.GetRolesAsync(user)).Any(r => PortalRoles.Staff.Contains(r));

    /// <summary>
    /// The member leaves the company: the account is deactivated (it keeps its company, history stays). The last
    /// active member cannot leave; the company row is locked so two members leaving at once cannot both go.
    /// </summary>
    public async Task<ServiceResult<bool>> LeaveAsync(Guid companyId, Guid userId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM companies WHERE id = {companyId} FOR UPDATE", cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.CompanyId == companyId && u.IsActive, cancellationToken);
        if (user is null)
        {
            return ServiceResult<bool>.Fail("", "Company.NotAMember");
        }

        if (!await db.Users.AnyAsync(u => u.CompanyId == companyId && u.IsActive && u.Id != userId, cancellationToken))
        {
            return ServiceResult<bool>.Fail("", "Company.LastMemberCannotLeave");
        }

        user.IsActive = false;
        db.AuditEntries.Add(AuditEntry.For(actor, "Company.MemberLeft", nameof(PortalUser), user.Id, clock.GetUtcNow()));
        // A new security stamp ends the person's sessions on other devices.
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException("Could not deactivate the account: " + string.Join(", ", updated.Errors.Select(e => e.Code)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>A bare address (local@domain, no display name, no markup or spaces), as a mail server takes it.</summary>
    public static bool IsPlainAddress(string email) =>
        email.Length is > 0 and <= 254
        && new EmailAddressAttribute().IsValid(email)
        && !email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or '[' or ']' or ',' or ';' or ':' or '"' or '\\')
        && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>SHA-256 of the token, lowercase hex (what the database stores).</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static readonly InvitationView Unknown = new(InvitationState.Unknown, "", "", null);

    /// <summary>
    /// Marks the invitation used, in the caller's transaction, only if it still is usable: of two concurrent accepts
    /// exactly one claims it.
    /// </summary>
    private async Task<bool> ClaimAsync(Guid invitationId, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.CompanyInvitations
            .Where(i => i.Id == invitationId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedUserId, userId), cancellationToken) == 1;
}
