using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace CarbonNeutralConsortium.Services.Data.Seed;

/// <summary>One demo sign-in, as printed by `cnc seed demo`.</summary>
public sealed record DemoLogin(string Role, string Organization, string Email, string Password, bool Created);

/// <summary>
/// Demo accounts for trying the portal: one admin, one coordinator per institute, three SMEs (the first with two
/// members), the demo requests of <see cref="DemoRequestsSeeder"/> and the demo events of <see cref="DemoEventsSeeder"/>. Idempotent (existing accounts are left alone) and refused in Production.
/// </summary>
public sealed class DemoDataSeeder(
    ConsortiumDbContext db,
    UserManager<PortalUser> users,
    StaffAccountService staff,
    SmeRegistrationService registration,
    DemoRequestsSeeder requests,
    DemoEventsSeeder events,
    IHostEnvironment environment)
{
    /// <summary>The password of every demo account. Demo data never exists in Production.</summary>
    public const string DemoPassword = "consortium-demo-2026";

    private static readonly (string Email, string NameKo, string NameEn, string Brn, CompanySize Size, string Sector, string Person)[] Smes =
    [
        ("ceo@greenchem.example", "그린케미칼(주)", "GreenChem Co., Ltd.", "214-86-00321", CompanySize.Small, "PETROCHEMICAL", "김민준"),
        ("rnd@hanbit-mobility.example", "한빛모빌리티(주)", "Hanbit Mobility Inc.", "107-81-55125", CompanySize.MidSized, "AUTOMOTIVE", "이서연"),
        ("cto@sejin-machinery.example", "세진정밀기계", "Sejin Precision Machinery", "305-87-12095", CompanySize.Small, "MACHINERY", "박지훈"),
    ];

    public async Task<IReadOnlyList<DemoLogin>> SeedAsync(CancellationToken cancellationToken = default)
    {
        if (environment.IsProduction())
        {
            throw new InvalidOperationException("Demo data is never seeded in Production.");
        }

        var logins = new List<DemoLogin>();
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.SortOrder).ToListAsync(cancellationToken);
        if (organizations.Count == 0)
        {
            throw new InvalidOperationException("Reference data is missing: run `cnc migrate` first.");
        }

        foreach (var organization in organizations)
        {
            var admin = organization.Kind == OrganizationKind.Coordinator;
            var email = admin ? $"admin@{organization.Code.ToLowerInvariant()}.example" : $"coordinator@{organization.Code.ToLowerInvariant()}.example";
            var role = admin ? PortalRoles.ConsortiumAdmin : PortalRoles.InstituteCoordinator;
            var created = false;
            if (await users.FindByEmailAsync(email) is null)
            {
                var name = admin ? "관리자 " + organization.Code : "코디네이터 " + organization.Code;
                var result = await staff.CreateAsync(new StaffAccountInput(email, name, role, organization.Code, "ko"), DemoPassword, cancellationToken);
                EnsureSucceeded(result.Errors, email);
                created = true;
            }

            // Staff sign in with a second factor: the demo accounts share the published demo key (unless one already set up its own).
            var account = (await users.FindByEmailAsync(email))!;
            if (!account.TwoFactorEnabled)
            {
                await DemoAuthenticator.EnrollAsync(users, account);
            }

            logins.Add(new DemoLogin(role, organization.Code, email, DemoPassword, created));
        }

        foreach (var sme in Smes)
        {
            var created = false;
            if (await users.FindByEmailAsync(sme.Email) is null)
            {
                var result = await registration.RegisterAsync(
                    new SmeRegistration(sme.NameKo, sme.NameEn, sme.Brn, sme.Size, sme.Sector, sme.Person, sme.Email, DemoPassword, true, "ko"),
                    cancellationToken);
                EnsureSucceeded(result.Errors, sme.Email);
                created = true;
            }

            logins.Add(new DemoLogin(PortalRoles.SmeMember, sme.NameKo, sme.Email, DemoPassword, created));
        }

        // A second member of the first company, so that colleagues can be tried out.
        const string colleague = "manager@greenchem.example";
        var colleagueCreated = false;
        if (await users.FindByEmailAsync(colleague) is null)
        {
            var owner = await users.FindByEmailAsync(Smes[0].Email) ?? throw new InvalidOperationException("Demo company is missing.");
            var user = new PortalUser
            {
                Id = Guid.CreateVersion7(),
                UserName = colleague,
                Email = colleague,
                EmailConfirmed = true,
                DisplayName = "최유진",
                CompanyId = owner.CompanyId,
                CreatedAt = owner.CreatedAt,
                PrivacyConsentAt = owner.PrivacyConsentAt,
                PrivacyConsentVersion = owner.PrivacyConsentVersion,
            };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = await users.CreateAsync(user, DemoPassword);
            EnsureSucceeded(created.Errors.Select(e => new Common.FieldError("", e.Code)).ToList(), colleague);
            var role = await users.AddToRoleAsync(user, PortalRoles.SmeMember);
            EnsureSucceeded(role.Errors.Select(e => new Common.FieldError("", e.Code)).ToList(), colleague);
            await transaction.CommitAsync(cancellationToken);
            colleagueCreated = true;
        }

        logins.Add(new DemoLogin(PortalRoles.SmeMember, Smes[0].NameKo, colleague, DemoPassword, colleagueCreated));
        await requests.SeedAsync(cancellationToken);
        await events.SeedAsync(Smes[0].Email, cancellationToken);
        return logins;
    }

    private static void EnsureSucceeded(IReadOnlyList<Common.FieldError> errors, string email)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Demo account {email} could not be created: {string.Join(", ", errors.Select(e => e.Code))}");
        }
    }
}
