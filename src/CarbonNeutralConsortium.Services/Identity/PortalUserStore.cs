using System.Security.Cryptography;
using System.Text;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Identity;

/// <summary>
/// Identity's EF user store, keeping two-factor recovery codes as SHA-256 hashes (ASVS 5.0: stored like
/// passwords; the codes are random, 50 bits each, so an unsalted fast hash is enough) instead of in clear text.
/// A code is shown once, when it is made, and can be redeemed once.
/// </summary>
public sealed class PortalUserStore(ConsortiumDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<PortalUser, IdentityRole<Guid>, ConsortiumDbContext, Guid>(context, describer)
{
    private const string Provider = "[AspNetUserStore]";
    private const string Name = "RecoveryCodes";

    public override Task ReplaceCodesAsync(PortalUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default) =>
        SetTokenAsync(user, Provider, Name, string.Join(';', recoveryCodes.Select(Hash)), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(PortalUser user, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(code);
        var stored = (await GetTokenAsync(user, Provider, Name, cancellationToken) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var hash = Hash(code);
        if (!stored.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(hash))))
        {
            return false;
        }

        await SetTokenAsync(user, Provider, Name, string.Join(';', stored.Where(s => s != hash)), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(PortalUser user, CancellationToken cancellationToken = default) =>
        (await GetTokenAsync(user, Provider, Name, cancellationToken) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Case, spaces and dashes do not matter to the person typing a code from paper.</summary>
    public static string Hash(string code)
    {
        var normalized = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
