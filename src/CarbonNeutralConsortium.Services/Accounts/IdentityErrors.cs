using CarbonNeutralConsortium.Services.Common;
using Microsoft.AspNetCore.Identity;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>Turns ASP.NET Core Identity errors into field errors with localization keys of the web project.</summary>
internal static class IdentityErrors
{
    public static IEnumerable<FieldError> ToFieldErrors(this IdentityResult result, string emailField, string passwordField) =>
        result.Errors.Select(e => e.Code switch
        {
            "DuplicateEmail" or "DuplicateUserName" => new FieldError(emailField, "Account.DuplicateEmail"),
            "InvalidEmail" or "InvalidUserName" => new FieldError(emailField, "Account.InvalidEmail"),
            "PasswordTooShort" => new FieldError(passwordField, "Identity.PasswordTooShort", PortalIdentityOptions.MinimumPasswordLength),
            Identity.CommonPasswordValidator.ErrorCode => new FieldError(passwordField, "Identity.CommonPassword"),
            var code when code.StartsWith("Password", StringComparison.Ordinal) => new FieldError(passwordField, "Identity.PasswordInvalid"),
            "InvalidToken" => new FieldError("", "Account.InvalidToken"),
            _ => new FieldError("", "Identity.DefaultError"),
        }).DistinctBy(e => (e.Field, e.Code));
}
