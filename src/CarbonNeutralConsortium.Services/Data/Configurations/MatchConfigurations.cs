using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class OverseasPartnerConfiguration : IEntityTypeConfiguration<OverseasPartner>
{
    public void Configure(EntityTypeBuilder<OverseasPartner> entity)
    {
        entity.ToTable("overseas_partners", t => t.HasCheckConstraint("ck_overseas_partners_trl",
            "(trl_min IS NULL OR trl_min BETWEEN 1 AND 9) AND (trl_max IS NULL OR trl_max BETWEEN 1 AND 9) AND (trl_min IS NULL OR trl_max IS NULL OR trl_min <= trl_max)"));
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.ExternalId).HasMaxLength(100).IsRequired();
        entity.HasIndex(e => e.ExternalId).IsUnique();
        entity.Property(e => e.Name).HasMaxLength(OverseasPartner.NameMaxLength).IsRequired();
        entity.Property(e => e.NameKo).HasMaxLength(OverseasPartner.NameMaxLength);
        entity.Property(e => e.CountryCode).HasMaxLength(2).IsFixedLength();
        entity.Property(e => e.PartnerTypeCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.Description).HasMaxLength(OverseasPartner.DescriptionMaxLength);
        entity.Property(e => e.Website).HasMaxLength(300);
        entity.Property(e => e.ContactEmail).HasMaxLength(254);
        entity.Property(e => e.Version).IsRowVersion();
        entity.HasOne<Country>().WithMany().HasForeignKey(e => e.CountryCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<PartnerType>().WithMany().HasForeignKey(e => e.PartnerTypeCode).OnDelete(DeleteBehavior.Restrict);
        entity.Property(e => e.OwnerOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OwnerOrganizationCode).OnDelete(DeleteBehavior.Restrict);

        // Registry filters (country, type, technology, linked institute) and the matching engine's SQL retrieval
        // (technology codes or search terms overlapping the request's, active partners only).
        entity.HasIndex(e => new { e.CountryCode, e.Name });
        entity.HasIndex(e => new { e.PartnerTypeCode, e.Name });
        entity.HasIndex(e => e.Name);

        // The registry's default list (active partners, or inactive ones) by name, and its bounded count.
        entity.HasIndex(e => new { e.IsActive, e.Name, e.Id });

        // Name search ("contains", any case). Named explicitly: without a database name of its own, the trigram index
        // on name took the name of the b-tree index on name above, and only one of the two was ever created.
        entity.HasIndex(e => e.Name, "ix_overseas_partners_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_overseas_partners_name_trgm");
        entity.HasIndex(e => e.NameKo, "ix_overseas_partners_name_ko_trgm").HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_overseas_partners_name_ko_trgm");
        entity.HasIndex(e => e.TechnologyCodes).HasMethod("gin");
        entity.HasIndex(e => e.LinkedInstitutes).HasMethod("gin");
        entity.HasIndex(e => e.SearchTerms).HasMethod("gin");
    }
}

internal sealed class MatchConfiguration : IEntityTypeConfiguration<Match>
{
    public void Configure(EntityTypeBuilder<Match> entity)
    {
        entity.ToTable("matches", t => t.HasCheckConstraint("ck_matches_score", "score >= 0 AND score <= 100"));
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.SmeDeclineReason).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.AgreementKind).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.NoDealReason).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.EngineVersion).HasMaxLength(64);
        entity.Property(e => e.ProposalNote).HasMaxLength(Match.CommentMaxLength);
        entity.Property(e => e.DeclineComment).HasMaxLength(Match.CommentMaxLength);
        entity.Property(e => e.OutcomeComment).HasMaxLength(Match.CommentMaxLength);
        entity.Property(e => e.ProposedByName).HasMaxLength(100);
        entity.Property(e => e.ProposedByOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.Version).IsRowVersion();
        entity.ComplexCollection(e => e.Factors, f => f.ToJson());
        entity.HasOne<PartnershipRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<OverseasPartner>().WithMany().HasForeignKey(e => e.PartnerId).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(e => new { e.RequestId, e.PartnerId }).IsUnique();
        entity.HasIndex(e => new { e.PartnerId, e.Status });

        // The matches drill-down of the dashboards: proposed in a period, newest first.
        entity.HasIndex(e => new { e.ProposedAt, e.Id });
        entity.HasMany(e => e.History).WithOne().HasForeignKey(h => h.MatchId).OnDelete(DeleteBehavior.Cascade);
        entity.Navigation(e => e.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MatchStatusChangeConfiguration : IEntityTypeConfiguration<MatchStatusChange>
{
    public void Configure(EntityTypeBuilder<MatchStatusChange> entity)
    {
        entity.ToTable("match_status_changes");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.From).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.To).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.ActorSide).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.ActorName).HasMaxLength(100);
        entity.Property(e => e.Note).HasMaxLength(Match.CommentMaxLength);
        entity.HasIndex(e => new { e.MatchId, e.At });

        // The statistics' refresh reads the matches that moved since its previous run.
        entity.HasIndex(e => e.At);
    }
}

internal sealed class PartnerImportUploadConfiguration : IEntityTypeConfiguration<Services.Partners.PartnerImportUpload>
{
    public void Configure(EntityTypeBuilder<Services.Partners.PartnerImportUpload> entity)
    {
        entity.ToTable("partner_import_uploads");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.OrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.FileName).HasMaxLength(255);
        entity.Property(e => e.Sha256).HasMaxLength(64);
        entity.Property(e => e.Version).IsRowVersion();
        entity.HasIndex(e => new { e.UploadedByUserId, e.UploadedAt });
    }
}
