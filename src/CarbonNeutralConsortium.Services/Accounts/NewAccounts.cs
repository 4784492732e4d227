using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>What every new account goes through, whoever creates it (SME registration, staff creation).</summary>
internal static class NewAccounts
{
    public static PortalUser Build(string email, string displayName, string culture, TimeProvider clock)
    {
        email = email.Trim();
        return new PortalUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            DisplayName = displayName.Trim(),
            PreferredCulture = culture == "en" ? "en" : "ko",
            CreatedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>Adds the errors of the name, the e-mail (not yet used) and, when one is given, the password.</summary>
    public static async Task AddErrorsAsync(UserManager<PortalUser> users, PortalUser user, string? password, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(user.DisplayName) || user.DisplayName.Length > PortalUser.DisplayNameMaxLength)
        {
            errors.Add(new FieldError("DisplayName", "Account.DisplayNameInvalid", PortalUser.DisplayNameMaxLength));
        }

        if (await users.FindByEmailAsync(user.Email!) is not null)
        {
            errors.Add(new FieldError("Email", "Account.DuplicateEmail"));
        }

        if (password is not null)
        {
            foreach (var validator in users.PasswordValidators)
            {
                errors.AddRange((await validator.ValidateAsync(users, user, password)).ToFieldErrors("Email", "Password"));
            }
        }
    }

    /// <summary>A unique index refused the insert: two requests raced past the checks above.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception, out string? constraint)
    {
        var violation = exception.InnerException as PostgresException is { SqlState: PostgresErrorCodes.UniqueViolation } pg ? pg : null;
        constraint = violation?.ConstraintName;
        return violation is not null;
    }
}
