using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

/// <summary>
/// The matching retrieval's narrow, trigger-maintained copy of active partners (see <see cref="PartnerMatchProfile"/>;
/// the triggers are in the Scale migration). No foreign key to overseas_partners: the triggers remove a partner's
/// rows, and a key check on each of the ~150,000 rows a bulk COPY of partners writes would only slow the load.
/// </summary>
internal sealed class PartnerMatchProfileConfiguration : IEntityTypeConfiguration<PartnerMatchProfile>
{
    public const string Table = "partner_match_profiles";
    public const string CoveringIndex = "ix_partner_match_profiles_retrieval";

    public void Configure(EntityTypeBuilder<PartnerMatchProfile> entity)
    {
        entity.ToTable(Table);
        entity.HasKey(e => new { e.PartnerId, e.TechnologyCode });
        entity.Property(e => e.TechnologyCode).HasMaxLength(ReferenceItem.CodeMaxLength);

        // Not char(2) as in overseas_partners: comparing bpchar with the request's text[] would cast every row.
        entity.Property(e => e.CountryCode).HasMaxLength(2);
        entity.Property(e => e.PartnerTypeCode).HasMaxLength(ReferenceItem.CodeMaxLength);

        // Tier 1 of retrieval reads the partners of the request's leaves and orders them by an estimate of the
        // engine's score from these columns alone: an index-only scan of this one index, leaf by leaf.
        entity.HasIndex(e => e.TechnologyCode, CoveringIndex)
            .HasDatabaseName(CoveringIndex)
            .IncludeProperties(e => new
            {
                e.PartnerId, e.CountryCode, e.PartnerTypeCode, e.CooperationTypes, e.TrlMin, e.TrlMax, e.LinkedInstitutes, e.TechnologyCodes, e.TermHashes,
                e.AcceptedMatches, e.Agreements,
            });
    }
}
