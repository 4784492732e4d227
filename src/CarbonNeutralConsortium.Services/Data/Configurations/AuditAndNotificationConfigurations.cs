using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entity)
    {
        entity.ToTable("audit_entries");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).UseIdentityAlwaysColumn();
        entity.Property(e => e.ActorName).HasMaxLength(100);
        entity.Property(e => e.ActorOrganizationCode).HasMaxLength(64);
        entity.Property(e => e.Action).HasMaxLength(64).IsRequired();
        entity.Property(e => e.EntityType).HasMaxLength(64).IsRequired();
        entity.Property(e => e.EntityId).HasMaxLength(64).IsRequired();
        entity.Property(e => e.Details).HasMaxLength(1000);
        entity.HasIndex(e => e.At);
        entity.HasIndex(e => new { e.EntityType, e.EntityId });

        // The audit log viewer's filters: an action in a period, an actor's name (substring).
        entity.HasIndex(e => new { e.Action, e.At });
        entity.HasIndex(e => e.ActorName, "ix_audit_entries_actor_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_audit_entries_actor_name_trgm");
    }
}

internal sealed class PersonalDataViewConfiguration : IEntityTypeConfiguration<Privacy.PersonalDataView>
{
    public void Configure(EntityTypeBuilder<Privacy.PersonalDataView> entity)
    {
        entity.ToTable("personal_data_views");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).UseIdentityAlwaysColumn();
        entity.Property(e => e.ViewerOrganizationCode).HasMaxLength(64);
        entity.Property(e => e.Purpose).HasMaxLength(64).IsRequired();
        entity.Property(e => e.SubjectType).HasMaxLength(32).IsRequired();

        // The viewer's filters (newest first): everything in a period, one viewer's looks, looks at one subject;
        // the retention purge deletes by time.
        entity.HasIndex(e => e.At);
        entity.HasIndex(e => new { e.ViewerUserId, e.At });
        entity.HasIndex(e => new { e.SubjectId, e.At });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> entity)
    {
        entity.ToTable("notifications");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Reference).HasMaxLength(32);
        entity.Property(e => e.Subject).HasMaxLength(200);
        entity.Property(e => e.Status).HasMaxLength(32);
        entity.HasOne<PortalUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.UserId, e.CreatedAt });
        entity.HasIndex(e => e.UserId).HasFilter("read_at IS NULL").HasDatabaseName("ix_notifications_unread");
    }
}
