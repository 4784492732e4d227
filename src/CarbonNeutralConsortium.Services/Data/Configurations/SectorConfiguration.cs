using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class SectorConfiguration : IEntityTypeConfiguration<Sector>
{
    public void Configure(EntityTypeBuilder<Sector> entity)
    {
        entity.ToTable("sectors");
        entity.MapReferenceItem();
        entity.Property(e => e.LeadOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.LeadOrganizationCode).OnDelete(DeleteBehavior.Restrict);
    }
}
