using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class CooperationTypeConfiguration : IEntityTypeConfiguration<CooperationType>
{
    public void Configure(EntityTypeBuilder<CooperationType> entity)
    {
        entity.ToTable("cooperation_types");
        entity.MapReferenceItem();
    }
}
