using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> entity)
    {
        entity.ToTable("countries");
        entity.MapReferenceItem();
        entity.Property(e => e.Code).HasMaxLength(2).IsFixedLength();
        entity.Property(e => e.Alpha3).HasMaxLength(3).IsFixedLength();
        entity.Property(e => e.Numeric).HasMaxLength(3).IsFixedLength();
        entity.HasIndex(e => e.Alpha3).IsUnique();
    }
}
