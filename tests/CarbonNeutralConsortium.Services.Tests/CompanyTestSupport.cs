using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>Companies with members for the company, invitation and contact tests.</summary>
internal static class CompanyTestSupport
{
    public const string Password = "plum-orbit-lantern-2026";

    /// <summary>Registers a company with its first member (through the real registration service).</summary>
    public static async Task<(Guid CompanyId, PortalUser User, Actor Actor)> RegisterAsync(IServiceProvider provider, string culture = "ko", string? email = null)
    {
        email ??= TestServices.NewEmail("member");
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<SmeRegistrationService>().RegisterAsync(new SmeRegistration(
            "테스트기업 " + email[7..15], "Test Co " + email[7..15], BusinessNumbers.NewValid(), CompanySize.Small, "PETROCHEMICAL", "홍길동", email, Password, true, culture)));
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var user = result.Value!;
        return (user.CompanyId!.Value, user, new Actor(user.Id, user.DisplayName, ActorSide.Company));
    }
}
