using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Configurations;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>What an SME fills in to register its company and its first user in one step.</summary>
public sealed record SmeRegistration(
    string CompanyNameKo,
    string? CompanyNameEn,
    string BusinessRegistrationNumber,
    CompanySize Size,
    string SectorCode,
    string DisplayName,
    string Email,
    string Password,
    bool PrivacyConsent,
    string Culture);

/// <summary>Creates the company and its first member together, or nothing at all.</summary>
public sealed class SmeRegistrationService(
    ConsortiumDbContext db,
    UserManager<PortalUser> users,
    AccountEmails emails,
    TimeProvider clock)
{
    public async Task<ServiceResult<PortalUser>> RegisterAsync(SmeRegistration input, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        var number = BusinessRegistrationNumber.Parse(input.BusinessRegistrationNumber);
        if (number.Value is null)
        {
            errors.Add(new FieldError(nameof(input.BusinessRegistrationNumber), "Company.BusinessRegistrationNumber." + number.Error));
        }
        else if (await db.Companies.AsNoTracking().AnyAsync(c => c.BusinessRegistrationNumber == number.Value.Value.Digits, cancellationToken))
        {
            errors.Add(new FieldError(nameof(input.BusinessRegistrationNumber), "Company.BusinessRegistrationNumber.Duplicate"));
        }

        if (!Company.IsValidName(input.CompanyNameKo, required: true))
        {
            errors.Add(new FieldError(nameof(input.CompanyNameKo), "Company.NameInvalid", Company.NameMaxLength));
        }

        if (!Company.IsValidName(input.CompanyNameEn, required: false))
        {
            errors.Add(new FieldError(nameof(input.CompanyNameEn), "Company.NameInvalid", Company.NameMaxLength));
        }

        if (!await db.Sectors.AsNoTracking().AnyAsync(s => s.Code == input.SectorCode, cancellationToken))
        {
            errors.Add(new FieldError(nameof(input.SectorCode), "Company.SectorUnknown"));
        }

        if (!input.PrivacyConsent)
        {
            errors.Add(new FieldError(nameof(input.PrivacyConsent), "Account.PrivacyConsentRequired"));
        }

        var user = NewAccounts.Build(input.Email, input.DisplayName, input.Culture, clock);
        user.PrivacyConsentAt = clock.GetUtcNow();
        user.PrivacyConsentVersion = PortalIdentityOptions.PrivacyConsentVersion;
        await NewAccounts.AddErrorsAsync(users, user, input.Password, errors);

        if (errors.Count > 0)
        {
            return ServiceResult<PortalUser>.Fail(errors);
        }

        var company = Company.Register(number.Value!.Value, input.CompanyNameKo, input.CompanyNameEn, input.Size, input.SectorCode, clock);
        user.CompanyId = company.Id;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.Companies.Add(company);
            await db.SaveChangesAsync(cancellationToken);
            var created = await users.CreateAsync(user, input.Password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return ServiceResult<PortalUser>.Fail(created.ToFieldErrors(nameof(input.Email), nameof(input.Password)).ToList());
            }

            var role = await users.AddToRoleAsync(user, PortalRoles.SmeMember);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException("Role SmeMember is missing: run `cnc migrate`.");
            }

            emails.QueueWelcome(user, company.DisplayName(user.PreferredCulture == "en"));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ServiceResult<PortalUser>.Ok(user);
        }
        catch (DbUpdateException ex) when (NewAccounts.IsUniqueViolation(ex, out var constraint))
        {
            // Two registrations raced past the checks above; the unique indexes decided.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return constraint == CompanyConfiguration.UniqueBusinessNumberIndex
                ? ServiceResult<PortalUser>.Fail(nameof(input.BusinessRegistrationNumber), "Company.BusinessRegistrationNumber.Duplicate")
                : ServiceResult<PortalUser>.Fail(nameof(input.Email), "Account.DuplicateEmail");
        }
    }
}
