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
        AddDisplayNameError(user.DisplayName, errors);
        if (await users.FindByEmailAsync(user.Email!) is not null)
        {
            errors.Add(new FieldError("Email", "Account.DuplicateEmail"));
        }

        if (password is not null)
        {
            await AddPasswordErrorsAsync(users, user, password, "Email", errors);
        }
    }

    /// <summary>The display-name rule (trimmed, present, bounded).</summary>
    public static void AddDisplayNameError(string? displayName, List<FieldError> errors)
    {
        var length = displayName?.Trim().Length ?? 0;
        if (length == 0 || length > PortalUser.DisplayNameMaxLength)
        {
            errors.Add(new FieldError("DisplayName", "Account.DisplayNameInvalid", PortalUser.DisplayNameMaxLength));
        }
    }

    /// <summary>Every password validator of Identity (length, leaked passwords); <paramref name="emailField"/> takes the user-name errors ("" when the e-mail is not on the form).</summary>
    public static async Task AddPasswordErrorsAsync(UserManager<PortalUser> users, PortalUser user, string password, string emailField, List<FieldError> errors)
    {
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).ToFieldErrors(emailField, "Password"));
        }
    }

    public static bool IsUniqueViolation(DbUpdateException exception, out string? constraint)
    {
        var violation = exception.InnerException as PostgresException is { SqlState: PostgresErrorCodes.UniqueViolation } pg ? pg : null;
        constraint = violation?.ConstraintName;
        return violation is not null;
    }
}
