using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;

namespace CarbonNeutralConsortium.Domain.Tests;

public class ReferenceDataTests
{
    [Fact]
    public void Renaming_a_sector_trims_both_names()
    {
        var sector = new Sector("PETROCHEMICAL", "석유화학", "Petrochemicals", "KRICT", 1);

        sector.Rename("  석유화학·정밀화학 ", "\tPetrochemicals and fine chemicals  ");

        Assert.Equal("석유화학·정밀화학", sector.NameKo);
        Assert.Equal("Petrochemicals and fine chemicals", sector.NameEn);
        Assert.Equal("PETROCHEMICAL", sector.Code);
        Assert.Equal("KRICT", sector.LeadOrganizationCode);
    }

    [Theory]
    [InlineData("", "Electronics")]
    [InlineData("   ", "Electronics")]
    [InlineData("전자", "")]
    [InlineData("전자", "  ")]
    public void Renaming_without_both_names_is_refused_and_changes_nothing(string nameKo, string nameEn)
    {
        var organization = new Organization("KETI", OrganizationKind.Institute, "한국전자기술연구원", "Korea Electronics Technology Institute", 6);

        var error = Assert.Throws<DomainException>(() => organization.Rename(nameKo, nameEn));

        Assert.Equal("Reference.NameRequired", error.Code);
        Assert.Equal("한국전자기술연구원", organization.NameKo);
        Assert.Equal("Korea Electronics Technology Institute", organization.NameEn);
    }

    [Fact]
    public void Names_longer_than_the_maximum_are_refused()
    {
        var organization = new Organization("KETI", OrganizationKind.Institute, "한국전자기술연구원", "KETI", 6);

        var korean = Assert.Throws<DomainException>(() => organization.Rename(new string('가', ReferenceItem.NameMaxLength + 1), "KETI"));
        var english = Assert.Throws<DomainException>(() => organization.Rename("한국전자기술연구원", new string('a', ReferenceItem.NameMaxLength + 1)));

        Assert.Equal("Reference.NameTooLong", korean.Code);
        Assert.Equal("Reference.NameTooLong", english.Code);
        organization.Rename(new string('가', ReferenceItem.NameMaxLength), new string('a', ReferenceItem.NameMaxLength));
        Assert.Equal(ReferenceItem.NameMaxLength, organization.NameKo.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_reference_item_needs_a_code(string code)
    {
        var error = Assert.Throws<DomainException>(() => new Sector(code, "자동차", "Automotive", "KATECH", 0));

        Assert.Equal("Reference.InvalidCode", error.Code);
    }

    [Fact]
    public void A_code_longer_than_the_maximum_is_refused()
    {
        var error = Assert.Throws<DomainException>(() =>
            new Organization(new string('X', ReferenceItem.CodeMaxLength + 1), OrganizationKind.Institute, "기관", "Institute", 0));

        Assert.Equal("Reference.InvalidCode", error.Code);
    }

    [Fact]
    public void Adding_the_same_expert_twice_keeps_one_link()
    {
        var area = new TechnologyArea("H2.PRODUCTION", "H2", "수소 생산", "Hydrogen production", 1);

        area.AddExpert("KIMM");
        area.AddExpert("KIMM");
        area.AddExpert("KRICT");

        Assert.Equal(["KIMM", "KRICT"], area.Experts.Select(e => e.OrganizationCode).Order(StringComparer.Ordinal));
        Assert.All(area.Experts, e => Assert.Equal("H2.PRODUCTION", e.TechnologyAreaCode));
    }

    [Fact]
    public void A_technology_area_without_a_parent_is_top_level()
    {
        Assert.True(new TechnologyArea("H2", null, "수소", "Hydrogen", 0).IsTopLevel);
        Assert.False(new TechnologyArea("H2.PRODUCTION", "H2", "수소 생산", "Hydrogen production", 1).IsTopLevel);
    }

    [Theory]
    [InlineData("en", "Hydrogen")]
    [InlineData("en-US", "Hydrogen")]
    [InlineData("en-GB", "Hydrogen")]
    [InlineData("ko", "수소")]
    [InlineData("ko-KR", "수소")]
    [InlineData("fr", "수소")]
    [InlineData("", "수소")] // the invariant culture
    public void The_English_name_is_picked_only_for_an_English_culture(string culture, string expected)
    {
        Assert.Equal(expected, BilingualName.For("수소", "Hydrogen", CultureInfo.GetCultureInfo(culture)));
    }

    [Fact]
    public void An_English_culture_falls_back_to_the_Korean_name_when_there_is_no_English_name()
    {
        Assert.Equal("수소", BilingualName.For("수소", "", CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void Without_a_culture_the_current_UI_culture_decides()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            Assert.Equal("Hydrogen", BilingualName.For("수소", "Hydrogen"));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko-KR");
            Assert.Equal("수소", BilingualName.For("수소", "Hydrogen"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void LocalName_of_a_reference_item_follows_the_culture()
    {
        var country = new Country("KR", "KOR", "410", "대한민국", "South Korea");

        Assert.Equal("South Korea", country.LocalName(CultureInfo.GetCultureInfo("en")));
        Assert.Equal("대한민국", country.LocalName(CultureInfo.GetCultureInfo("ko")));
    }
}
