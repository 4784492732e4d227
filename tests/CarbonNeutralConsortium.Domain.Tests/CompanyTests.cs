using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Tests.Support;

namespace CarbonNeutralConsortium.Domain.Tests;

public class CompanyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    private static readonly TimeProvider Clock = new FixedTimeProvider(Now);
    private static readonly BusinessRegistrationNumber Number = BusinessRegistrationNumber.Parse("124-81-00998").Value!.Value;

    [Fact]
    public void Registering_keeps_the_number_as_digits_and_the_time_of_the_clock()
    {
        var company = Company.Register(Number, "그린케미칼(주)", "GreenChem Co., Ltd.", CompanySize.MidSized, "PETROCHEMICAL", Clock);

        Assert.Equal("1248100998", company.BusinessRegistrationNumber);
        Assert.Equal(CompanySize.MidSized, company.Size);
        Assert.Equal("PETROCHEMICAL", company.SectorCode);
        Assert.Equal(Now, company.RegisteredAt);
        Assert.NotEqual(Guid.Empty, company.Id);
    }

    [Fact]
    public void Registering_trims_both_names()
    {
        var company = Company.Register(Number, "  그린케미칼(주) \t", "  GreenChem Co., Ltd.  ", CompanySize.Small, "PETROCHEMICAL", Clock);

        Assert.Equal("그린케미칼(주)", company.NameKo);
        Assert.Equal("GreenChem Co., Ltd.", company.NameEn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_English_name_is_stored_as_none(string? nameEn)
    {
        var company = Company.Register(Number, "그린케미칼(주)", nameEn, CompanySize.Small, "PETROCHEMICAL", Clock);

        Assert.Null(company.NameEn);
        Assert.Equal("그린케미칼(주)", company.DisplayName(english: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("\t\n")]
    public void Registering_without_a_Korean_name_is_refused(string nameKo)
    {
        var error = Assert.Throws<DomainException>(() =>
            Company.Register(Number, nameKo, "GreenChem", CompanySize.Small, "PETROCHEMICAL", Clock));

        Assert.Equal("Company.NameRequired", error.Code);
    }

    [Fact]
    public void A_Korean_name_longer_than_the_maximum_is_refused()
    {
        var error = Assert.Throws<DomainException>(() =>
            Company.Register(Number, new string('가', Company.NameMaxLength + 1), null, CompanySize.Small, "PETROCHEMICAL", Clock));

        Assert.Equal("Company.NameTooLong", error.Code);
    }

    [Fact]
    public void An_English_name_longer_than_the_maximum_is_refused()
    {
        var error = Assert.Throws<DomainException>(() =>
            Company.Register(Number, "그린케미칼", new string('a', Company.NameMaxLength + 1), CompanySize.Small, "PETROCHEMICAL", Clock));

        Assert.Equal("Company.NameTooLong", error.Code);
    }

    [Fact]
    public void Names_of_exactly_the_maximum_length_are_accepted_and_surrounding_spaces_do_not_count()
    {
        var nameKo = new string('가', Company.NameMaxLength);
        var nameEn = new string('a', Company.NameMaxLength);

        var company = Company.Register(Number, "  " + nameKo + "  ", " " + nameEn + " ", CompanySize.Small, "PETROCHEMICAL", Clock);

        Assert.Equal(nameKo, company.NameKo);
        Assert.Equal(nameEn, company.NameEn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Registering_without_a_sector_is_refused(string sector)
    {
        var error = Assert.Throws<DomainException>(() =>
            Company.Register(Number, "그린케미칼", null, CompanySize.Small, sector, Clock));

        Assert.Equal("Company.SectorRequired", error.Code);
    }

    [Fact]
    public void A_refused_rename_leaves_the_names_as_they_were()
    {
        var company = Company.Register(Number, "그린케미칼", "GreenChem", CompanySize.Small, "PETROCHEMICAL", Clock);

        Assert.Throws<DomainException>(() => company.Rename(" ", "Other"));

        Assert.Equal("그린케미칼", company.NameKo);
        Assert.Equal("GreenChem", company.NameEn);
    }

    [Fact]
    public void The_display_name_is_English_only_when_asked_for_and_present()
    {
        var company = Company.Register(Number, "그린케미칼", "GreenChem", CompanySize.Small, "PETROCHEMICAL", Clock);

        Assert.Equal("GreenChem", company.DisplayName(english: true));
        Assert.Equal("그린케미칼", company.DisplayName(english: false));
    }
}
