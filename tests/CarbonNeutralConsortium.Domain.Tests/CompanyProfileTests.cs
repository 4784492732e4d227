using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Tests.Support;

namespace CarbonNeutralConsortium.Domain.Tests;

public class CompanyProfileTests
{
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Korea.
    private static readonly DateTimeOffset Now = new(2026, 12, 31, 20, 0, 0, TimeSpan.Zero);
    private static readonly TimeProvider Clock = new FixedTimeProvider(Now);

    private static Company NewCompany() =>
        Company.Register(BusinessRegistrationNumber.Parse("124-81-00998").Value!.Value, "그린케미칼(주)", null, CompanySize.Small, "PETROCHEMICAL", Clock);

    private static CompanyProfile Valid() => new("그린케미칼(주)", "GreenChem Co., Ltd.", CompanySize.MidSized, "STEEL", "ULSAN", 120, 2004,
        "https://greenchem.example.kr", "메탄 전환 촉매를 만듭니다.\n울산 공장", ["CCUS.METHANE", "H2.PRODUCTION"]);

    [Fact]
    public void Updating_the_profile_sets_every_field_and_the_time()
    {
        var company = NewCompany();

        company.UpdateProfile(Valid() with { NameEn = "  GreenChem  ", Website = " https://greenchem.example.kr ", TechnologyCodes = ["CCUS.METHANE", "CCUS.METHANE", " ", "H2.PRODUCTION"] }, Clock);

        Assert.Equal("GreenChem", company.NameEn);
        Assert.Equal(CompanySize.MidSized, company.Size);
        Assert.Equal("STEEL", company.SectorCode);
        Assert.Equal("ULSAN", company.RegionCode);
        Assert.Equal(120, company.Employees);
        Assert.Equal(2004, company.FoundedYear);
        Assert.Equal("https://greenchem.example.kr", company.Website);
        Assert.Equal("메탄 전환 촉매를 만듭니다.\n울산 공장", company.Description);
        Assert.Equal(["CCUS.METHANE", "H2.PRODUCTION"], company.TechnologyCodes);
        Assert.Equal(Now, company.ProfileUpdatedAt);
    }

    [Fact]
    public void The_business_registration_number_is_not_part_of_the_profile()
    {
        var company = NewCompany();

        company.UpdateProfile(Valid(), Clock);

        Assert.Equal("1248100998", company.BusinessRegistrationNumber);
        Assert.DoesNotContain(typeof(CompanyProfile).GetProperties(), p => p.Name.Contains("Registration", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, "Company.EmployeesOutOfRange")]
    [InlineData(1_000_001, "Company.EmployeesOutOfRange")]
    public void Employees_out_of_range_are_refused(int employees, string code)
    {
        var company = NewCompany();

        var ex = Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { Employees = employees }, Clock));

        Assert.Equal(code, ex.Code);
        Assert.Null(company.Employees);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public void Employees_at_the_limits_are_accepted(int employees)
    {
        var company = NewCompany();

        company.UpdateProfile(Valid() with { Employees = employees }, Clock);

        Assert.Equal(employees, company.Employees);
    }

    [Theory]
    [InlineData(1899, false)]
    [InlineData(1900, true)]
    [InlineData(2027, true)] // this year in Korea
    [InlineData(2028, false)]
    public void The_founded_year_runs_from_1900_to_this_year_in_Korea(int year, bool accepted)
    {
        var company = NewCompany();

        var ex = Record.Exception(() => company.UpdateProfile(Valid() with { FoundedYear = year }, Clock));

        if (accepted)
        {
            Assert.Null(ex);
            Assert.Equal(year, company.FoundedYear);
        }
        else
        {
            Assert.Equal("Company.FoundedYearOutOfRange", Assert.IsType<DomainException>(ex).Code);
        }
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.example.kr")]
    [InlineData("greenchem.example.kr")]
    [InlineData("https://localhost")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    public void A_website_that_is_not_an_absolute_http_address_is_refused(string website)
    {
        var company = NewCompany();

        var ex = Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { Website = website }, Clock));

        Assert.Equal("Company.WebsiteInvalid", ex.Code);
    }

    [Fact]
    public void A_website_longer_than_300_characters_is_refused()
    {
        var company = NewCompany();

        var ex = Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { Website = "https://example.kr/" + new string('a', 290) }, Clock));

        Assert.Equal("Company.WebsiteInvalid", ex.Code);
    }

    [Fact]
    public void More_than_ten_technology_codes_are_refused_and_ten_are_accepted()
    {
        var company = NewCompany();
        var eleven = Enumerable.Range(1, 11).Select(i => $"AREA.{i}").ToList();

        var ex = Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { TechnologyCodes = eleven }, Clock));
        Assert.Equal("Company.TooManyTechnologyCodes", ex.Code);

        company.UpdateProfile(Valid() with { TechnologyCodes = eleven.Take(10).ToList() }, Clock);
        Assert.Equal(10, company.TechnologyCodes.Count);
    }

    [Fact]
    public void A_description_over_4000_characters_is_refused()
    {
        var company = NewCompany();

        var ex = Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { Description = new string('가', 4001) }, Clock));

        Assert.Equal("Company.DescriptionTooLong", ex.Code);
    }

    [Fact]
    public void An_unknown_region_is_refused()
    {
        var company = NewCompany();

        var ex = Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { RegionCode = "TOKYO" }, Clock));

        Assert.Equal("Company.RegionUnknown", ex.Code);
    }

    [Fact]
    public void Blank_optional_fields_become_empty_and_a_blank_korean_name_is_refused()
    {
        var company = NewCompany();

        company.UpdateProfile(Valid() with { NameEn = " ", Website = "  ", Description = "\n", RegionCode = null, Employees = null, FoundedYear = null }, Clock);

        Assert.Null(company.NameEn);
        Assert.Null(company.Website);
        Assert.Null(company.Description);
        Assert.Null(company.RegionCode);
        Assert.Equal("Company.NameRequired", Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { NameKo = " " }, Clock)).Code);
        Assert.Equal("Company.NameTooLong", Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { NameKo = new string('가', 201) }, Clock)).Code);
    }

    [Fact]
    public void A_refused_update_changes_nothing()
    {
        var company = NewCompany();
        company.UpdateProfile(Valid(), Clock);

        Assert.Throws<DomainException>(() => company.UpdateProfile(Valid() with { NameKo = "새 이름", FoundedYear = 1800 }, Clock));

        Assert.Equal("그린케미칼(주)", company.NameKo);
        Assert.Equal(2004, company.FoundedYear);
    }

    [Fact]
    public void The_seventeen_regions_are_known_by_code()
    {
        Assert.Equal(17, KoreanRegions.Codes.Count);
        Assert.True(KoreanRegions.IsKnown("SEOUL"));
        Assert.False(KoreanRegions.IsKnown("seoul"));
        Assert.False(KoreanRegions.IsKnown(null));
    }
}
