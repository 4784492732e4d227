using System.IO.Compression;
using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace CarbonNeutralConsortium.Services.Identity;

/// <summary>
/// Refuses passwords that are easy to guess, with no composition rules (ASVS 5.0 / NIST 800-63B): the ones of
/// 12 characters or more among the million most common leaked passwords (OWASP SecLists, case-insensitive), a
/// password made of one or two distinct characters, and the user's own e-mail address or its local part.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PortalUser>
{
    public const string ErrorCode = "CommonPassword";

    private static readonly Lazy<HashSet<string>> CommonPasswords = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        return Task.FromResult(IsGuessable(password, user.Email)
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = "This password is too common or too easy to guess." })
            : IdentityResult.Success);
    }

    public static bool IsGuessable(string password, string? email)
    {
        var lowered = password.ToLowerInvariant();
        if (lowered.Distinct().Take(3).Count() < 3 || CommonPasswords.Value.Contains(lowered))
        {
            return true;
        }

        if (!string.IsNullOrEmpty(email))
        {
            var mail = email.ToLowerInvariant();
            var at = mail.IndexOf('@', StringComparison.Ordinal);
            var local = at > 0 ? mail[..at] : mail;
            return lowered == mail || lowered == local;
        }

        return false;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CarbonNeutralConsortium.Identity.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common password list is missing from the assembly.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}
