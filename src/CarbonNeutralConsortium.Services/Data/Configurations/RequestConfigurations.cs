using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class PartnershipRequestConfiguration : IEntityTypeConfiguration<PartnershipRequest>
{
    public const string ReferenceSequence = "request_reference_numbers";
    public const string UniqueClientKeyIndex = "ux_partnership_requests_company_client_key";

    /// <summary>The open statuses (<see cref="RequestStatuses.Open"/>) as the predicate of the partial indexes of open requests.</summary>
    public const string OpenFilter = "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')";

    public void Configure(EntityTypeBuilder<PartnershipRequest> entity)
    {
        entity.ToTable("partnership_requests", t =>
        {
            t.HasCheckConstraint("ck_partnership_requests_trl", "(trl_current IS NULL OR trl_current BETWEEN 1 AND 9) AND (trl_target IS NULL OR trl_target BETWEEN 1 AND 9)");
            t.HasCheckConstraint("ck_partnership_requests_budget", "budget_min_krw IS NULL OR budget_max_krw IS NULL OR budget_min_krw <= budget_max_krw");
        });
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.HasIndex(e => new { e.CompanyId, e.ClientKey }).IsUnique().HasDatabaseName(UniqueClientKeyIndex);
        entity.Property(e => e.ReferenceNumber).HasMaxLength(32);
        entity.HasIndex(e => e.ReferenceNumber).IsUnique();
        entity.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.CompletedStep).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Title).HasMaxLength(PartnershipRequest.TitleMaxLength).IsRequired();
        entity.Property(e => e.PublicSummary).HasMaxLength(PartnershipRequest.SummaryMaxLength);
        entity.Property(e => e.ConfidentialDetails).HasMaxLength(PartnershipRequest.DetailsMaxLength);
        entity.Property(e => e.SectorCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.CooperationTypeCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.LeadOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.Version).IsRowVersion();
        entity.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Sector>().WithMany().HasForeignKey(e => e.SectorCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<CooperationType>().WithMany().HasForeignKey(e => e.CooperationTypeCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.LeadOrganizationCode).OnDelete(DeleteBehavior.Restrict);

        // The SME's list (company, newest first, optional status filter).
        entity.HasIndex(e => new { e.CompanyId, e.Status, e.UpdatedAt });
        entity.HasIndex(e => new { e.CompanyId, e.UpdatedAt });

        // The expiry job looks only at open requests with a deadline.
        entity.HasIndex(e => e.Deadline).HasFilter(OpenFilter)
            .HasDatabaseName("ix_partnership_requests_open_deadline");

        // The coordinator queue: by lead institute and status, oldest waiting first; filters on technology and countries.
        entity.HasIndex(e => new { e.LeadOrganizationCode, e.Status, e.StatusChangedAt });
        // ... and by lead institute in the queue's order whatever the status (closed statuses, several statuses).
        entity.HasIndex(e => new { e.LeadOrganizationCode, e.StatusChangedAt, e.Id }, "ix_partnership_requests_lead_queue")
            .HasDatabaseName("ix_partnership_requests_lead_queue");
        entity.HasIndex(e => e.TechnologyCodes).HasMethod("gin");
        entity.HasIndex(e => e.PreferredCountries).HasMethod("gin");

        // Open requests only (~5% of all at national scale): the queue's default view and reverse matching. By time in
        // the status (the queue's order, oldest first; reverse matching reads it newest first), by technology, by
        // country sought and by sector (then time), so a filter never reads the closed years of an institute's requests.
        entity.HasIndex(e => new { e.StatusChangedAt, e.Id }, "ix_partnership_requests_open_status_changed_at").HasFilter(OpenFilter)
            .HasDatabaseName("ix_partnership_requests_open_status_changed_at");
        entity.HasIndex(e => e.TechnologyCodes, "ix_partnership_requests_open_technology_codes").HasMethod("gin").HasFilter(OpenFilter)
            .HasDatabaseName("ix_partnership_requests_open_technology_codes");
        entity.HasIndex(e => e.PreferredCountries, "ix_partnership_requests_open_preferred_countries").HasMethod("gin").HasFilter(OpenFilter)
            .HasDatabaseName("ix_partnership_requests_open_preferred_countries");
        entity.HasIndex(e => new { e.SectorCode, e.StatusChangedAt, e.Id }, "ix_partnership_requests_open_sector_code").HasFilter(OpenFilter)
            .HasDatabaseName("ix_partnership_requests_open_sector_code");

        // The queue's open requests of one lead institute in its order, and any open request by id (the probe of the
        // institute's contributions), each carrying the columns the queue filters on: counting and cutting a filtered
        // page reads these small indexes alone (index-only), not a heap page per candidate request.
        entity.HasIndex(e => new { e.LeadOrganizationCode, e.StatusChangedAt, e.Id }, "ix_partnership_requests_open_lead")
            .IncludeProperties(e => new { e.Status, e.SectorCode, e.TechnologyCodes, e.PreferredCountries })
            .HasFilter(OpenFilter).HasDatabaseName("ix_partnership_requests_open_lead");
        entity.HasIndex(e => e.Id, "ix_partnership_requests_open_id")
            .IncludeProperties(e => new { e.Status, e.StatusChangedAt, e.LeadOrganizationCode, e.SectorCode, e.TechnologyCodes, e.PreferredCountries })
            .HasFilter(OpenFilter).HasDatabaseName("ix_partnership_requests_open_id");

        // Declared, so that the partial index above (sector first) does not replace the foreign key's index on all rows.
        entity.HasIndex(e => e.SectorCode);

        entity.HasMany(e => e.History).WithOne().HasForeignKey(h => h.RequestId).OnDelete(DeleteBehavior.Cascade);
        entity.Navigation(e => e.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
        entity.HasMany(e => e.Contributors).WithOne().HasForeignKey(c => c.RequestId).OnDelete(DeleteBehavior.Cascade);
        entity.Navigation(e => e.Contributors).HasField("_contributors").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class RequestStatusChangeConfiguration : IEntityTypeConfiguration<RequestStatusChange>
{
    public void Configure(EntityTypeBuilder<RequestStatusChange> entity)
    {
        entity.ToTable("request_status_changes");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.From).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.To).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.ActorSide).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.ActorName).HasMaxLength(100);
        entity.Property(e => e.ActorOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.Note).HasMaxLength(RequestStatusChange.NoteMaxLength);
        entity.Property(e => e.Event).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.EventDetail).HasMaxLength(64);
        entity.HasIndex(e => new { e.RequestId, e.At });
    }
}

internal sealed class RequestContributorConfiguration : IEntityTypeConfiguration<RequestContributor>
{
    /// <summary><see cref="PartnershipRequestConfiguration.OpenFilter"/> over the contributor's copy of the request's status.</summary>
    public const string OpenFilter = "request_status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')";

    public void Configure(EntityTypeBuilder<RequestContributor> entity)
    {
        entity.ToTable("request_contributors");
        entity.HasKey(e => new { e.RequestId, e.OrganizationCode });
        entity.Property(e => e.OrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.Origin).HasConversion<string>().HasMaxLength(16);
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationCode).OnDelete(DeleteBehavior.Restrict);

        // The request's status and its time, copied by triggers (see the Queue migration) and never saved by EF: the
        // queue reads an institute's contributions oldest waiting first from an index, like the requests it leads,
        // instead of probing every request the institute ever contributed to.
        entity.Property(e => e.RequestStatus).HasConversion<string>().HasMaxLength(32).ValueGeneratedOnAddOrUpdate();
        entity.Property(e => e.RequestStatusChangedAt).ValueGeneratedOnAddOrUpdate();
        entity.Property(e => e.RequestStatus).Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        entity.Property(e => e.RequestStatus).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        entity.Property(e => e.RequestStatusChangedAt).Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        entity.Property(e => e.RequestStatusChangedAt).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);

        // The request's sector, technology codes and preferred countries, copied the same way (the ContributionFilters
        // migration): a filtered queue reads the contributions in the index's order and filters them in the index, where
        // a join to the requests let PostgreSQL hash every open request with the technology (60,000 at national scale).
        entity.Property(e => e.RequestSectorCode).HasMaxLength(ReferenceItem.CodeMaxLength).ValueGeneratedOnAddOrUpdate();
        entity.Property(e => e.RequestTechnologyCodes).ValueGeneratedOnAddOrUpdate();
        entity.Property(e => e.RequestPreferredCountries).ValueGeneratedOnAddOrUpdate();
        foreach (var copied in new[] { nameof(RequestContributor.RequestSectorCode), nameof(RequestContributor.RequestTechnologyCodes), nameof(RequestContributor.RequestPreferredCountries) })
        {
            entity.Property(copied).Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            entity.Property(copied).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }

        // An institute's contributions in the queue's order (time in the status, then request): all of them, and the
        // open ones only (the queue's default view); the status is carried so that a status filter needs no heap page.
        entity.HasIndex(e => new { e.OrganizationCode, e.RequestStatusChangedAt, e.RequestId }, "ix_request_contributors_queue")
            .IncludeProperties(e => e.RequestStatus).HasDatabaseName("ix_request_contributors_queue");
        entity.HasIndex(e => new { e.OrganizationCode, e.RequestStatusChangedAt, e.RequestId }, "ix_request_contributors_open_queue")
            .IncludeProperties(e => new { e.RequestStatus, e.RequestSectorCode, e.RequestTechnologyCodes, e.RequestPreferredCountries })
            .HasFilter(OpenFilter).HasDatabaseName("ix_request_contributors_open_queue");
    }
}

internal sealed class RequestMessageConfiguration : IEntityTypeConfiguration<RequestMessage>
{
    public void Configure(EntityTypeBuilder<RequestMessage> entity)
    {
        entity.ToTable("request_messages");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.AuthorName).HasMaxLength(100);
        entity.Property(e => e.AuthorSide).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.AuthorOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.Body).HasMaxLength(RequestMessage.BodyMaxLength).IsRequired();
        entity.HasOne<PartnershipRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.RequestId, e.CreatedAt });
    }
}

internal sealed class RequestAttachmentConfiguration : IEntityTypeConfiguration<RequestAttachment>
{
    public void Configure(EntityTypeBuilder<RequestAttachment> entity)
    {
        entity.ToTable("request_attachments");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.FileName).HasMaxLength(RequestAttachment.FileNameMaxLength).IsRequired();
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        entity.Property(e => e.UploadedByName).HasMaxLength(100);
        entity.Ignore(e => e.ContentType);
        entity.HasOne<PartnershipRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<RequestMessage>().WithMany().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.RequestId, e.MessageId });
        entity.HasOne<AttachmentContent>().WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> entity)
    {
        entity.ToTable("attachment_contents");
        entity.HasKey(e => e.AttachmentId);
        entity.Property(e => e.AttachmentId).ValueGeneratedNever();
        entity.Property(e => e.Data).IsRequired();
    }
}

internal sealed class RequestInternalNoteConfiguration : IEntityTypeConfiguration<RequestInternalNote>
{
    public void Configure(EntityTypeBuilder<RequestInternalNote> entity)
    {
        entity.ToTable("request_internal_notes");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.AuthorName).HasMaxLength(100);
        entity.Property(e => e.OrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.Property(e => e.Text).HasMaxLength(RequestInternalNote.TextMaxLength).IsRequired();
        entity.HasOne<PartnershipRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.RequestId, e.CreatedAt });
    }
}
