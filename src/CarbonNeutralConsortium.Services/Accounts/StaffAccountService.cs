using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>A staff account an admin creates: a coordinator of an institute or an admin of the coordinating agency.</summary>
public sealed record StaffAccountInput(string Email, string DisplayName, string Role, string OrganizationCode, string Culture);

public sealed class StaffAccountService(
    ConsortiumDbContext db,
    UserManager<PortalUser> users,
    AccountEmails emails,
    TimeProvider clock)
{
    /// <summary>
    /// Creates the account. With no password, the person receives an invitation to choose one (the usual way);
    /// with a password (the first admin, from the command line) the account is ready to use.
    /// </summary>
    public async Task<ServiceResult<PortalUser>> CreateAsync(
        StaffAccountInput input, string? password, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        if (!PortalRoles.Staff.Contains(input.Role))
        {
            errors.Add(new FieldError(nameof(input.Role), "Staff.RoleUnknown"));
        }

        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == input.OrganizationCode, cancellationToken);
        if (organization is null)
        {
            errors.Add(new FieldError(nameof(input.OrganizationCode), "Staff.OrganizationUnknown"));
        }
        else if (input.Role == PortalRoles.InstituteCoordinator && organization.Kind != OrganizationKind.Institute)
        {
            errors.Add(new FieldError(nameof(input.OrganizationCode), "Staff.CoordinatorNeedsInstitute"));
        }
        else if (input.Role == PortalRoles.ConsortiumAdmin && organization.Kind != OrganizationKind.Coordinator)
        {
            errors.Add(new FieldError(nameof(input.OrganizationCode), "Staff.AdminNeedsCoordinator"));
        }

        var user = NewAccounts.Build(input.Email, input.DisplayName, input.Culture, clock);
        user.EmailConfirmed = true;
        user.OrganizationCode = organization?.Code;
        await NewAccounts.AddErrorsAsync(users, user, password, errors);

        if (errors.Count > 0)
        {
            return ServiceResult<PortalUser>.Fail(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                return ServiceResult<PortalUser>.Fail(created.ToFieldErrors(nameof(input.Email), "Password").ToList());
            }

            var role = await users.AddToRoleAsync(user, input.Role);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException($"Role {input.Role} is missing: run `cnc migrate`.");
            }

            if (password is null)
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                var culture = CultureInfo.GetCultureInfo(user.PreferredCulture);
                emails.QueueStaffInvitation(user, organization!.LocalName(culture), input.Role, token);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (NewAccounts.IsUniqueViolation(ex, out _))
        {
            // The same address submitted twice at once (a double click): the unique index decided.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return ServiceResult<PortalUser>.Fail(nameof(input.Email), "Account.DuplicateEmail");
        }

        return ServiceResult<PortalUser>.Ok(user);
    }
}
