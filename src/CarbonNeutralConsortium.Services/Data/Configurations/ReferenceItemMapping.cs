using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal static class ReferenceItemMapping
{
    /// <summary>Code as key, both names required and bounded.</summary>
    public static void MapReferenceItem<T>(this EntityTypeBuilder<T> entity)
        where T : ReferenceItem
    {
        entity.HasKey(e => e.Code);
        entity.Property(e => e.Code).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.NameKo).HasMaxLength(ReferenceItem.NameMaxLength).IsRequired();
        entity.Property(e => e.NameEn).HasMaxLength(ReferenceItem.NameMaxLength).IsRequired();
    }
}
