using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class TechnologyAreaConfiguration : IEntityTypeConfiguration<TechnologyArea>
{
    public void Configure(EntityTypeBuilder<TechnologyArea> entity)
    {
        entity.ToTable("technology_areas");
        entity.MapReferenceItem();
        entity.Property(e => e.ParentCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.HasOne<TechnologyArea>().WithMany().HasForeignKey(e => e.ParentCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(e => e.ParentCode);
        entity.Ignore(e => e.IsTopLevel);
        entity.HasMany(e => e.Experts).WithOne().HasForeignKey(e => e.TechnologyAreaCode).OnDelete(DeleteBehavior.Cascade);
        entity.Navigation(e => e.Experts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
