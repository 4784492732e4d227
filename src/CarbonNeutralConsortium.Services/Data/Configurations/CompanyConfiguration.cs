using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public const string UniqueBusinessNumberIndex = "ux_companies_business_registration_number";

    public void Configure(EntityTypeBuilder<Company> entity)
    {
        entity.ToTable("companies", t => t.HasCheckConstraint("ck_companies_brn_digits", "business_registration_number ~ '^[0-9]{10}$'"));
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.BusinessRegistrationNumber).HasMaxLength(10).IsFixedLength();
        entity.HasIndex(e => e.BusinessRegistrationNumber).IsUnique().HasDatabaseName(UniqueBusinessNumberIndex);
        entity.Property(e => e.NameKo).HasMaxLength(Company.NameMaxLength).IsRequired();
        entity.Property(e => e.NameEn).HasMaxLength(Company.NameMaxLength);
        entity.Property(e => e.Size).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.SectorCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.HasOne<Sector>().WithMany().HasForeignKey(e => e.SectorCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(e => e.SectorCode);
        entity.Property(e => e.RegionCode).HasMaxLength(16);
        entity.Property(e => e.Website).HasMaxLength(Company.WebsiteMaxLength);
        entity.Property(e => e.Description).HasMaxLength(Company.DescriptionMaxLength);
        entity.Property(e => e.TechnologyCodes).HasColumnType("text[]").HasDefaultValueSql("'{}'::text[]");
        entity.Property(e => e.Version).IsRowVersion();
    }
}
