using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class TechnologyAreaExpertConfiguration : IEntityTypeConfiguration<TechnologyAreaExpert>
{
    public void Configure(EntityTypeBuilder<TechnologyAreaExpert> entity)
    {
        entity.ToTable("technology_area_experts");
        entity.HasKey(e => new { e.TechnologyAreaCode, e.OrganizationCode });
        entity.Property(e => e.TechnologyAreaCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.OrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(e => e.OrganizationCode);
    }
}
