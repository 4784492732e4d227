using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Seed;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class ReferenceDataTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly ReferenceDataFile File = ReferenceDataFile.Load();

    [Fact]
    public void The_embedded_files_hold_the_expected_reference_data()
    {
        Assert.Equal(7, File.Organizations.Count);
        Assert.Equal(6, File.Sectors.Count);
        Assert.Equal(48, File.TechnologyTaxonomy.Count);
        Assert.Equal(249, File.Countries.Count);
        Assert.Equal(6, File.CooperationTypes.Count);
        Assert.Equal(5, File.PartnerTypes.Count);
    }

    [Fact]
    public async Task The_seven_organizations_are_seeded_with_KEIT_the_only_coordinator()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var organizations = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Organizations.AsNoTracking().ToListAsync());

        Assert.Equal(7, organizations.Count);
        Assert.Equal(File.Organizations.Select(o => o.Code).Order(StringComparer.Ordinal), organizations.Select(o => o.Code).Order(StringComparer.Ordinal));
        var coordinator = Assert.Single(organizations, o => o.Kind == OrganizationKind.Coordinator);
        Assert.Equal("KEIT", coordinator.Code);
        Assert.Equal(
            ["ETRI", "KATECH", "KETI", "KIMM", "KITECH", "KRICT"],
            organizations.Where(o => o.Kind == OrganizationKind.Institute).Select(o => o.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_six_sectors_are_seeded_each_with_its_lead_institute()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (sectors, organizations) = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            return (await db.Sectors.AsNoTracking().ToListAsync(), await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Code));
        });

        Assert.Equal(6, sectors.Count);
        Assert.Equal(
            File.Sectors.ToDictionary(s => s.Code, s => s.Lead),
            sectors.ToDictionary(s => s.Code, s => s.LeadOrganizationCode));
        Assert.Equal("KATECH", sectors.Single(s => s.Code == "AUTOMOTIVE").LeadOrganizationCode);
        Assert.Equal("KRICT", sectors.Single(s => s.Code == "PETROCHEMICAL").LeadOrganizationCode);

        // Six different institutes lead the six sectors; the coordinating agency leads none.
        Assert.Equal(6, sectors.Select(s => s.LeadOrganizationCode).Distinct().Count());
        Assert.All(sectors, s => Assert.Equal(OrganizationKind.Institute, organizations[s.LeadOrganizationCode].Kind));
    }

    [Fact]
    public async Task The_technology_taxonomy_is_seeded_with_its_parents_and_expert_links()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (areas, experts) = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            return (await db.TechnologyAreas.AsNoTracking().ToListAsync(), await db.TechnologyAreaExperts.AsNoTracking().ToListAsync());
        });

        Assert.Equal(48, areas.Count);
        Assert.Equal(
            File.TechnologyTaxonomy.ToDictionary(t => t.Code, t => t.Parent ?? ""),
            areas.ToDictionary(a => a.Code, a => a.ParentCode ?? ""));

        var expected = File.TechnologyTaxonomy
            .SelectMany(t => (t.Experts ?? []).Select(e => $"{t.Code}:{e}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, experts.Select(e => $"{e.TechnologyAreaCode}:{e.OrganizationCode}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_countries_of_ISO_3166_are_seeded_with_Korean_and_English_names()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var countries = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Countries.AsNoTracking().ToDictionaryAsync(c => c.Code));

        Assert.Equal(249, countries.Count);
        Assert.Equal("대한민국", countries["KR"].NameKo);
        Assert.Equal("South Korea", countries["KR"].NameEn);
        Assert.Equal("KOR", countries["KR"].Alpha3);
        Assert.Equal("410", countries["KR"].Numeric);
        Assert.Equal("미국", countries["US"].NameKo);
        Assert.Equal("USA", countries["US"].Alpha3);
        Assert.Equal("840", countries["US"].Numeric);
        Assert.Equal(249, countries.Values.Select(c => c.Alpha3).Distinct().Count());
    }

    [Fact]
    public async Task The_vocabularies_and_the_three_roles_are_seeded()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (cooperation, partners, roles) = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            return (
                await db.CooperationTypes.AsNoTracking().Select(c => c.Code).ToListAsync(),
                await db.PartnerTypes.AsNoTracking().Select(c => c.Code).ToListAsync(),
                await db.Roles.AsNoTracking().Select(r => r.Name!).ToListAsync());
        });

        Assert.Equal(File.CooperationTypes.Select(c => c.Code).Order(StringComparer.Ordinal), cooperation.Order(StringComparer.Ordinal));
        Assert.Equal(6, cooperation.Count);
        Assert.Equal(File.PartnerTypes.Select(c => c.Code).Order(StringComparer.Ordinal), partners.Order(StringComparer.Ordinal));
        Assert.Equal(5, partners.Count);
        Assert.Equal(PortalRoles.All.Order(StringComparer.Ordinal), roles.Order(StringComparer.Ordinal));
        Assert.Equal(3, roles.Count);
    }

    [Fact]
    public async Task Seeding_again_inserts_nothing_and_changes_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await SnapshotAsync(provider);

        var report = await provider.InScopeAsync(sp => sp.GetRequiredService<ReferenceDataSeeder>().SeedAsync());

        Assert.Equal(new SeedReport(0, 0, 0, 0, 0, 0), report);
        Assert.Equal(0, report.Total);
        Assert.Equal(before, await SnapshotAsync(provider));
    }

    [Fact]
    public async Task A_name_an_admin_edited_survives_a_reseed()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var etri = await db.Organizations.SingleAsync(o => o.Code == "ETRI");
            etri.Rename("한국전자통신연구원 (수정)", "ETRI (edited by an admin)");
            var ict = await db.Sectors.SingleAsync(s => s.Code == "ICT");
            ict.Rename("정보통신·디지털", "ICT and digital");
            return await db.SaveChangesAsync();
        });

        var report = await provider.InScopeAsync(sp => sp.GetRequiredService<ReferenceDataSeeder>().SeedAsync());

        Assert.Equal(0, report.Total);
        var (organization, sector) = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            return (await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == "ETRI"), await db.Sectors.AsNoTracking().SingleAsync(s => s.Code == "ICT"));
        });
        Assert.Equal("한국전자통신연구원 (수정)", organization.NameKo);
        Assert.Equal("ETRI (edited by an admin)", organization.NameEn);
        Assert.Equal("정보통신·디지털", sector.NameKo);
        Assert.Equal("ICT and digital", sector.NameEn);
        Assert.Equal(7, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Organizations.CountAsync()));
    }

    /// <summary>Every code and name of the reference tables, in a stable order.</summary>
    private static Task<string> SnapshotAsync(IServiceProvider provider) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var lines = new List<string>();
            lines.AddRange(await db.Organizations.AsNoTracking().Select(o => "org|" + o.Code + "|" + o.Kind + "|" + o.NameKo + "|" + o.NameEn).ToListAsync());
            lines.AddRange(await db.Sectors.AsNoTracking().Select(o => "sector|" + o.Code + "|" + o.LeadOrganizationCode + "|" + o.NameKo + "|" + o.NameEn).ToListAsync());
            lines.AddRange(await db.TechnologyAreas.AsNoTracking().Select(o => "area|" + o.Code + "|" + o.ParentCode + "|" + o.NameKo + "|" + o.NameEn).ToListAsync());
            lines.AddRange(await db.TechnologyAreaExperts.AsNoTracking().Select(o => "expert|" + o.TechnologyAreaCode + "|" + o.OrganizationCode).ToListAsync());
            lines.AddRange(await db.Countries.AsNoTracking().Select(o => "country|" + o.Code + "|" + o.NameKo + "|" + o.NameEn).ToListAsync());
            lines.AddRange(await db.CooperationTypes.AsNoTracking().Select(o => "coop|" + o.Code + "|" + o.NameKo + "|" + o.NameEn).ToListAsync());
            lines.AddRange(await db.PartnerTypes.AsNoTracking().Select(o => "partner|" + o.Code + "|" + o.NameKo + "|" + o.NameEn).ToListAsync());
            lines.AddRange(await db.Roles.AsNoTracking().Select(r => "role|" + r.Name + "|" + r.Id).ToListAsync());
            lines.Sort(StringComparer.Ordinal);
            return string.Join("\n", lines);
        });
}
