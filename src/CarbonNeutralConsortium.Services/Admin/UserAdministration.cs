using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Admin;

/// <summary>One user as the edit page shows it.</summary>
public sealed record UserDetails(Guid Id, string DisplayName, string Email, string? Role, string? OrganizationCode, Guid? CompanyId, string? CompanyNameKo,
    bool IsActive, bool TwoFactorEnabled, DateTimeOffset CreatedAt, DateTimeOffset? ErasedAt = null, DateTimeOffset? LastSignInAt = null);

/// <summary>
/// An admin's changes to accounts: a staff member's role and organization, deactivation and reactivation, resetting
/// two-factor authentication. Each change renews the security stamp (the person's sessions end at their next request)
/// and is audited in the same transaction. An admin never deactivates or demotes themselves.
/// </summary>
public sealed class UserAdministration(ConsortiumDbContext db, UserManager<PortalUser> users, TimeProvider clock)
{
    public async Task<UserDetails?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await (from u in db.Users.AsNoTracking()
               where u.Id == id
               join c in db.Companies.AsNoTracking() on u.CompanyId equals c.Id into companies
               from c in companies.DefaultIfEmpty()
               select new UserDetails(u.Id, u.DisplayName, u.Email ?? "",
                   db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                   u.OrganizationCode, u.CompanyId, c != null ? c.NameKo : null, u.IsActive, u.TwoFactorEnabled, u.CreatedAt, u.ErasedAt, u.LastSignInAt))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<ServiceResult<Guid>> ChangeRoleAsync(Actor actor, Guid id, string? role, string? organizationCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return ServiceResult<Guid>.Fail("", "Admin.NotFound");
        }

        var current = (await users.GetRolesAsync(user)).FirstOrDefault();
        var errors = new List<FieldError>();
        if (user.CompanyId is not null || current == PortalRoles.SmeMember)
        {
            return ServiceResult<Guid>.Fail("Role", "Admin.SmeRoleFixed");
        }

        if (role is null || !PortalRoles.Staff.Contains(role))
        {
            errors.Add(new FieldError("Role", "Staff.RoleUnknown"));
        }

        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == organizationCode, cancellationToken);
        if (organization is null)
        {
            errors.Add(new FieldError("OrganizationCode", "Staff.OrganizationUnknown"));
        }
        else if (role == PortalRoles.InstituteCoordinator && organization.Kind != OrganizationKind.Institute)
        {
            errors.Add(new FieldError("OrganizationCode", "Staff.CoordinatorNeedsInstitute"));
        }
        else if (role == PortalRoles.ConsortiumAdmin && organization.Kind != OrganizationKind.Coordinator)
        {
            errors.Add(new FieldError("OrganizationCode", "Staff.AdminNeedsCoordinator"));
        }

        if (actor.UserId == id && role != current)
        {
            errors.Add(new FieldError("Role", "Admin.NotYourself"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        if (role == current && user.OrganizationCode == organizationCode)
        {
            return ServiceResult<Guid>.Ok(id);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = $"{current}/{user.OrganizationCode}";
        if (role != current)
        {
            if (current is not null)
            {
                Check(await users.RemoveFromRoleAsync(user, current));
            }

            Check(await users.AddToRoleAsync(user, role!));
        }

        user.OrganizationCode = organizationCode;
        Check(await users.UpdateSecurityStampAsync(user));
        db.AuditEntries.Add(AuditEntry.For(actor, "User.RoleChanged", "User", id, clock.GetUtcNow(), $"{before} → {role}/{organizationCode}"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(id);
    }

    public Task<ServiceResult<Guid>> DeactivateAsync(Actor actor, Guid id, CancellationToken cancellationToken) => SetActiveAsync(actor, id, false, cancellationToken);

    public Task<ServiceResult<Guid>> ReactivateAsync(Actor actor, Guid id, CancellationToken cancellationToken) => SetActiveAsync(actor, id, true, cancellationToken);

    /// <summary>Turns two-factor authentication off and forgets the authenticator key and the recovery codes: the person sets it up again.</summary>
    public async Task<ServiceResult<Guid>> ResetTwoFactorAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return ServiceResult<Guid>.Fail("", "Admin.NotFound");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.ResetAuthenticatorKeyAsync(user));
        Check(await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes"));
        Check(await users.UpdateSecurityStampAsync(user));
        db.AuditEntries.Add(AuditEntry.For(actor, "User.TwoFactorReset", "User", id, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(id);
    }

    private async Task<ServiceResult<Guid>> SetActiveAsync(Actor actor, Guid id, bool active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return ServiceResult<Guid>.Fail("", "Admin.NotFound");
        }

        if (actor.UserId == id && !active)
        {
            return ServiceResult<Guid>.Fail("", "Admin.NotYourself");
        }

        if (user.IsActive == active)
        {
            return ServiceResult<Guid>.Ok(id);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.IsActive = active;
        Check(await users.UpdateSecurityStampAsync(user));
        db.AuditEntries.Add(AuditEntry.For(actor, active ? "User.Reactivated" : "User.Deactivated", "User", id, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(id);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}
