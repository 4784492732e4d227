using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Coordination;

/// <summary>Coordinators and request timing for the coordination tests. The test request is routed to KRICT (lead) with ETRI contributing.</summary>
internal static class CoordinationTestData
{
    public static readonly Actor Krict = new(null, "코디 KRICT", ActorSide.Institute, "KRICT");
    public static readonly Actor Etri = new(null, "코디 ETRI", ActorSide.Institute, "ETRI");
    public static readonly Actor Kimm = new(null, "코디 KIMM", ActorSide.Institute, "KIMM");

    /// <summary>A coordinator account of the institute (for notifications and e-mails); returns its id and e-mail.</summary>
    public static async Task<(Guid Id, string Email)> NewCoordinatorAsync(IServiceProvider provider, string organization, string culture = "ko")
    {
        var email = TestServices.NewEmail("coord-" + organization.ToLowerInvariant());
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<StaffAccountService>().CreateAsync(
            new StaffAccountInput(email, "코디네이터 " + organization, PortalRoles.InstituteCoordinator, organization, culture), "plum-orbit-lantern-2026"));
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return (result.Value!.Id, email);
    }

    /// <summary>Puts the request's entry into its status on a day that leaves it waiting exactly <paramref name="businessDays"/> business days today.</summary>
    public static Task SetWaitingAsync(IServiceProvider provider, Guid requestId, int businessDays, int minutes = 0) =>
        provider.InScopeAsync(async sp =>
        {
            var today = KoreaTime.Today(TimeProvider.System);
            var day = KoreanBusinessDays.NthBusinessDayBack(today, businessDays + 1);
            var at = KoreanBusinessDays.StartOfDayKst(day).AddHours(10).AddMinutes(minutes);
            await sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == requestId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusChangedAt, at));
        });

    public static Task<PartnershipRequest> LoadAsync(IServiceProvider provider, Guid id) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking()
            .Include(r => r.History).Include(r => r.Contributors).AsSplitQuery().SingleAsync(r => r.Id == id));
}
