using System.Buffers.Binary;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class PasswordHashingTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Password = "plum-orbit-lantern-2026";

    [Fact]
    public async Task A_registered_password_is_stored_as_Identity_v3_PBKDF2_SHA512_with_210000_iterations()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("hash");
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<SmeRegistrationService>().RegisterAsync(
            new SmeRegistration("해시테스트(주)", null, BusinessNumbers.NewValid(), CompanySize.Small, "MACHINERY", "김해시", email, Password, true, "ko")));
        Assert.True(result.Succeeded);

        var stored = await provider.InScopeAsync(async sp => (await sp.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!.PasswordHash);

        AssertV3Hash(stored, PortalIdentityOptions.PasswordHashIterations);
        Assert.Equal(210_000, PortalIdentityOptions.PasswordHashIterations);
    }

    [Fact]
    public async Task A_staff_password_set_at_creation_uses_the_same_hash_parameters_and_verifies()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("staff-hash");
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<StaffAccountService>().CreateAsync(
            new StaffAccountInput(email, "관리자", "ConsortiumAdmin", "KEIT", "ko"), Password));
        Assert.True(result.Succeeded);

        await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            AssertV3Hash(user.PasswordHash, 210_000);
            Assert.True(await users.CheckPasswordAsync(user, Password));
            Assert.False(await users.CheckPasswordAsync(user, Password + "x"));
        });
    }

    private static void AssertV3Hash(string? stored, int iterations)
    {
        Assert.False(string.IsNullOrEmpty(stored));
        var bytes = Convert.FromBase64String(stored);

        // Identity V3: 0x01 | PRF (uint32 BE) | iterations (uint32 BE) | salt length (uint32 BE) | salt | subkey
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4))); // KeyDerivationPrf.HMACSHA512
        Assert.Equal((uint)iterations, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)));
        var saltLength = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9, 4));
        Assert.True(saltLength >= 16, $"salt of {saltLength} bytes");
        Assert.True(bytes.Length - 13 - saltLength >= 32, "subkey of at least 256 bits");
    }
}
