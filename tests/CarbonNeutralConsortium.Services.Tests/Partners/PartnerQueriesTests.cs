using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Partners;

/// <summary>One database with a known registry, created once for the class; the tests only read.</summary>
public sealed class PartnerRegistryFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();

    public ServiceProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Provider = TestServices.Build(_database.ConnectionString);
        await PartnerTestData.AddAsync(Provider, "KRICT",
            PartnerTestData.Data("Q-CALGARY"),
            PartnerTestData.Data("Q-NORTHWESTERN", "Northwestern University", "노스웨스턴 대학교", "US", technologies: ["CCUS.CONVERSION"],
                description: "CO2-derived chemicals", keywords: ["CO2 전환"]),
            PartnerTestData.Data("Q-ALBERTA", "Alberta Methane Co", null, "CA", "company", ["CCUS.CAPTURE"], ["KRICT", "ETRI"], "Capture plants", ["capture"]));
        await PartnerTestData.AddAsync(Provider, "KETI",
            PartnerTestData.Data("Q-ILLINOIS", "University of Illinois", "일리노이 대학교", "US", technologies: ["SEMI.LOWPOWER"], linked: ["KETI"],
                description: "Green chips", keywords: ["저전력 반도체"]),
            PartnerTestData.Data("Q-FRAUNHOFER", "Fraunhofer ISE", "프라운호퍼 태양에너지연구소", "DE", "research_institute", ["ENERGY.PV", "H2.PRODUCTION"], [],
                "Solar energy systems", ["solar"]));
        var inactive = await PartnerTestData.AddAsync(Provider, "KATECH",
            PartnerTestData.Data("Q-HYMOTORS", "Hydrogen Motors GmbH", null, "DE", "company", ["MOB.FCEV"], ["KATECH"], "Fuel cell trucks", ["fuel cell"]));
        await Provider.InScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<PartnerService>();
            var partner = await service.GetForEditAsync(inactive[0], default);
            Assert.True((await service.DeactivateAsync(inactive[0], partner!.Value.Version, PartnerTestData.Admin(), default)).Succeeded);
        });
        await PartnerTestData.AddAsync(Provider, "KEIT", [.. Enumerable.Range(1, 27).Select(i =>
            PartnerTestData.Data($"Q-FI-{i:D2}", $"Finnish Agency {i:D2}", null, "FI", "public_agency", ["EFF.EMS"], [], "Energy management", ["ems"]))]);
    }

    public async Task DisposeAsync()
    {
        await Provider.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class PartnerQueriesTests(PartnerRegistryFixture registry) : IClassFixture<PartnerRegistryFixture>
{
    private Task<PartnerListPage> ListAsync(PartnerListFilter filter) =>
        registry.Provider.InScopeAsync(async sp =>
        {
            var queries = sp.GetRequiredService<PartnerQueries>();
            return await queries.ListAsync(filter, await queries.GetReferenceAsync(default), default);
        });

    private async Task<List<string>> IdsAsync(PartnerListFilter filter) => [.. (await ListAsync(filter)).Rows.Select(r => r.ExternalId)];

    [Fact]
    public async Task By_default_only_active_partners_are_listed_and_the_status_filter_shows_inactive_or_all()
    {
        Assert.Equal(["Q-FRAUNHOFER"], await IdsAsync(new PartnerListFilter(Country: "DE")));
        Assert.Equal(["Q-HYMOTORS"], await IdsAsync(new PartnerListFilter(Country: "DE", Status: PartnerStatusFilter.Inactive)));
        Assert.Equal(["Q-FRAUNHOFER", "Q-HYMOTORS"], await IdsAsync(new PartnerListFilter(Country: "DE", Status: PartnerStatusFilter.All)));
        Assert.Equal(32, (await ListAsync(new PartnerListFilter())).Total);
        Assert.Equal(33, (await ListAsync(new PartnerListFilter(Status: PartnerStatusFilter.All))).Total);
    }

    [Fact]
    public async Task The_country_filter_lists_that_country_sorted_by_name()
    {
        Assert.Equal(["Q-ALBERTA", "Q-CALGARY"], await IdsAsync(new PartnerListFilter(Country: "CA")));
        Assert.Equal(["Q-NORTHWESTERN", "Q-ILLINOIS"], await IdsAsync(new PartnerListFilter(Country: "US")));
    }

    [Fact]
    public async Task The_partner_type_filter_lists_that_type()
    {
        Assert.Equal(["Q-NORTHWESTERN", "Q-CALGARY", "Q-ILLINOIS"], await IdsAsync(new PartnerListFilter(PartnerType: "university")));
        Assert.Equal(["Q-FRAUNHOFER"], await IdsAsync(new PartnerListFilter(PartnerType: "research_institute")));
    }

    [Fact]
    public async Task The_technology_filter_takes_a_leaf_or_a_top_level_area_meaning_any_of_its_leaves()
    {
        Assert.Equal(["Q-CALGARY"], await IdsAsync(new PartnerListFilter(Technology: "CCUS.METHANE")));
        Assert.Equal(["Q-ALBERTA", "Q-NORTHWESTERN", "Q-CALGARY"], await IdsAsync(new PartnerListFilter(Technology: "CCUS")));
        Assert.Equal(["Q-FRAUNHOFER"], await IdsAsync(new PartnerListFilter(Technology: "H2")));
        Assert.Empty(await IdsAsync(new PartnerListFilter(Technology: "NO.SUCH")));
    }

    [Fact]
    public async Task The_linked_institute_filter_lists_partners_linked_to_that_institute()
    {
        Assert.Equal(["Q-ALBERTA", "Q-NORTHWESTERN", "Q-CALGARY"], await IdsAsync(new PartnerListFilter(Institute: "KRICT")));
        Assert.Equal(["Q-ALBERTA"], await IdsAsync(new PartnerListFilter(Institute: "ETRI")));
        Assert.Equal(["Q-ILLINOIS"], await IdsAsync(new PartnerListFilter(Institute: "KETI")));
    }

    [Fact]
    public async Task Filters_combine()
    {
        Assert.Equal(["Q-CALGARY"], await IdsAsync(new PartnerListFilter(Country: "CA", PartnerType: "university", Technology: "CCUS", Institute: "KRICT")));
        Assert.Equal(["Q-ALBERTA"], await IdsAsync(new PartnerListFilter(Country: "CA", Technology: "CCUS", Institute: "ETRI")));
        Assert.Empty(await IdsAsync(new PartnerListFilter(Search: "Calgary", Country: "US")));
        Assert.Equal(["Q-NORTHWESTERN"], await IdsAsync(new PartnerListFilter(Search: "university", Country: "US", Technology: "CCUS")));
    }

    [Theory]
    [InlineData("캘거리", "Q-CALGARY")]
    [InlineData("일리노이 대학", "Q-ILLINOIS")]
    [InlineData("illinois", "Q-ILLINOIS")]
    [InlineData("UNIVERSITY OF CALG", "Q-CALGARY")]
    [InlineData("reforming catalysts", "Q-CALGARY")]
    [InlineData("저전력", "Q-ILLINOIS")]
    [InlineData("CO2 전환", "Q-NORTHWESTERN")]
    public async Task The_text_search_matches_names_in_either_language_or_every_search_term(string search, string expected)
    {
        Assert.Equal([expected], await IdsAsync(new PartnerListFilter(Search: search)));
    }

    [Fact]
    public async Task A_search_with_like_wildcards_is_taken_literally()
    {
        Assert.Empty(await IdsAsync(new PartnerListFilter(Search: "%_%")));
    }

    [Fact]
    public async Task Rows_carry_localized_names_of_country_type_and_technologies()
    {
        var row = (await ListAsync(new PartnerListFilter(Search: "Calgary"))).Rows.Single();

        Assert.Equal("캘거리 대학교", row.NameKo);
        Assert.Equal(("캐나다", "Canada"), (row.Country.NameKo, row.Country.NameEn));
        Assert.Equal("University", row.PartnerType.NameEn);
        Assert.Equal("CCUS.METHANE", Assert.Single(row.Technologies).Code);
        Assert.NotEqual("CCUS.METHANE", row.Technologies[0].NameEn);
        Assert.Equal("KRICT", Assert.Single(row.LinkedInstitutes).Code);
        Assert.Equal("Korea Research Institute of Chemical Technology", row.LinkedInstitutes[0].NameEn);
    }

    [Fact]
    public async Task Pages_hold_25_partners_and_a_page_past_the_end_shows_the_last_page()
    {
        var first = await ListAsync(new PartnerListFilter(Country: "FI"));
        var second = await ListAsync(new PartnerListFilter(Country: "FI", Page: 2));
        var beyond = await ListAsync(new PartnerListFilter(Country: "FI", Page: 99));

        Assert.Equal((27, 2, 25), (first.Total, first.PageCount, first.Rows.Count));
        Assert.Equal(["Q-FI-26", "Q-FI-27"], second.Rows.Select(r => r.ExternalId));
        Assert.Equal((2, 2), (beyond.Page, beyond.Rows.Count));
        Assert.Equal("Q-FI-01", first.Rows[0].ExternalId);
    }

    [Fact]
    public async Task The_export_streams_the_filtered_partners_in_id_batches()
    {
        var rows = await registry.Provider.InScopeAsync(async sp =>
        {
            var queries = sp.GetRequiredService<PartnerQueries>();
            var reference = await queries.GetReferenceAsync(default);
            var all = new List<Domain.Partners.OverseasPartnerData>();
            await foreach (var batch in queries.ExportBatchesAsync(new PartnerListFilter(Country: "CA", Status: PartnerStatusFilter.All), reference, default))
            {
                all.AddRange(batch);
            }

            return all;
        });

        Assert.Equal(["Q-ALBERTA", "Q-CALGARY"], rows.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
        Assert.Equal(["KRICT", "ETRI"], rows.Single(r => r.ExternalId == "Q-ALBERTA").LinkedInstitutes);
    }
}
