using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

/// <summary>
/// The matching retrieval's narrow, trigger-maintained copy of active partners (see <see cref="PartnerMatchProfile"/>;
/// the triggers are in the Scale migration, the change log in the RetrievalIndex migration). No foreign key to overseas_partners: the triggers remove a partner's
/// rows, and a key check on each of the ~150,000 rows a bulk COPY of partners writes would only slow the load.
/// </summary>
internal sealed class PartnerMatchProfileConfiguration : IEntityTypeConfiguration<PartnerMatchProfile>
{
    public const string Table = "partner_match_profiles";

    public void Configure(EntityTypeBuilder<PartnerMatchProfile> entity)
    {
        entity.ToTable(Table);
        entity.HasKey(e => new { e.PartnerId, e.TechnologyCode });
        entity.Property(e => e.TechnologyCode).HasMaxLength(ReferenceItem.CodeMaxLength);

        // Not char(2) as in overseas_partners: comparing bpchar with the request's text[] would cast every row.
        entity.Property(e => e.CountryCode).HasMaxLength(2);
        entity.Property(e => e.PartnerTypeCode).HasMaxLength(ReferenceItem.CodeMaxLength);

        // Read whole by the in-memory index of retrieval (PartnerProfileIndex), then by partner (the primary key): no
        // other index. The RetrievalIndex migration adds the change log its triggers write (partner_profile_changes).
    }
}
