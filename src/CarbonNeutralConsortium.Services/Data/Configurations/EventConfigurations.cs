using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class ConsortiumEventConfiguration : IEntityTypeConfiguration<ConsortiumEvent>
{
    public void Configure(EntityTypeBuilder<ConsortiumEvent> entity)
    {
        entity.ToTable("events", t =>
        {
            t.HasCheckConstraint("ck_events_times", "ends_at > starts_at AND registration_deadline <= starts_at");
            t.HasCheckConstraint("ck_events_capacity", $"capacity BETWEEN 1 AND {ConsortiumEvent.MaxCapacity}");
        });
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.OrganizerCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizerCode).OnDelete(DeleteBehavior.Restrict);
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.Format).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.TitleKo).HasMaxLength(ConsortiumEvent.TitleMaxLength).IsRequired();
        entity.Property(e => e.TitleEn).HasMaxLength(ConsortiumEvent.TitleMaxLength).IsRequired();
        entity.Property(e => e.DescriptionKo).HasMaxLength(ConsortiumEvent.DescriptionMaxLength);
        entity.Property(e => e.DescriptionEn).HasMaxLength(ConsortiumEvent.DescriptionMaxLength);
        entity.Property(e => e.Venue).HasMaxLength(ConsortiumEvent.VenueMaxLength);
        entity.Property(e => e.OnlineUrl).HasMaxLength(ConsortiumEvent.UrlMaxLength);

        // The public list (published, upcoming first), the organizers' lists and the topic filter.
        entity.HasIndex(e => new { e.Status, e.StartsAt });
        entity.HasIndex(e => new { e.OrganizerCode, e.StartsAt });
        entity.HasIndex(e => e.CoOrganizerCodes).HasMethod("gin");
        entity.HasIndex(e => e.TopicCodes).HasMethod("gin");

        // The reminder job: published events without a reminder, by start.
        entity.HasIndex(e => e.StartsAt).HasFilter("status = 'Published' AND reminder_sent_at IS NULL").HasDatabaseName("ix_events_reminder_due");
    }
}

internal sealed class EventInstitutionConfiguration : IEntityTypeConfiguration<EventInstitution>
{
    public void Configure(EntityTypeBuilder<EventInstitution> entity)
    {
        entity.ToTable("event_institutions");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Name).HasMaxLength(EventInstitution.NameMaxLength).IsRequired();
        entity.Property(e => e.CountryCode).HasMaxLength(2).IsFixedLength();
        entity.HasOne<ConsortiumEvent>().WithMany().HasForeignKey(e => e.EventId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<Country>().WithMany().HasForeignKey(e => e.CountryCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<OverseasPartner>().WithMany().HasForeignKey(e => e.PartnerId).OnDelete(DeleteBehavior.SetNull);
        entity.HasIndex(e => new { e.EventId, e.SortOrder });
        entity.HasIndex(e => e.PartnerId);
    }
}

internal sealed class EventMaterialConfiguration : IEntityTypeConfiguration<EventMaterial>
{
    public void Configure(EntityTypeBuilder<EventMaterial> entity)
    {
        entity.ToTable("event_materials");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Title).HasMaxLength(ConsortiumEvent.TitleMaxLength).IsRequired();
        entity.Property(e => e.FileName).HasMaxLength(200).IsRequired();
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        entity.HasOne<ConsortiumEvent>().WithMany().HasForeignKey(e => e.EventId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.EventId, e.UploadedAt });
    }
}

internal sealed class EventRegistrationConfiguration : IEntityTypeConfiguration<EventRegistration>
{
    public void Configure(EntityTypeBuilder<EventRegistration> entity)
    {
        entity.ToTable("event_registrations");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        entity.HasOne<ConsortiumEvent>().WithMany().HasForeignKey(e => e.EventId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<PortalUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);

        // One row per person and event; the seat count and the waitlist in order; "my events".
        entity.HasIndex(e => new { e.EventId, e.UserId }).IsUnique();
        entity.HasIndex(e => new { e.EventId, e.Status, e.QueuedAt });
        entity.HasIndex(e => new { e.UserId, e.Status });
    }
}

internal sealed class EventMeetingSlotConfiguration : IEntityTypeConfiguration<EventMeetingSlot>
{
    public void Configure(EntityTypeBuilder<EventMeetingSlot> entity)
    {
        entity.ToTable("event_meeting_slots", t => t.HasCheckConstraint("ck_event_meeting_slots_times", "ends_at > starts_at"));
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.HasOne<ConsortiumEvent>().WithMany().HasForeignKey(e => e.EventId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.EventId, e.StartsAt }).IsUnique();
    }
}

internal sealed class EventMeetingConfiguration : IEntityTypeConfiguration<EventMeeting>
{
    /// <summary>Requested or accepted: the meetings that hold a slot.</summary>
    public const string ActiveFilter = "status IN ('Requested','Accepted')";
    public const string OneInstitutionPerSlot = "ux_event_meetings_slot_institution_active";
    public const string OnePersonPerSlot = "ux_event_meetings_slot_requester_active";

    public void Configure(EntityTypeBuilder<EventMeeting> entity)
    {
        entity.ToTable("event_meetings");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.Topic).HasMaxLength(EventMeeting.TopicMaxLength);
        entity.Property(e => e.DecisionNote).HasMaxLength(EventMeeting.TopicMaxLength);
        entity.HasOne<ConsortiumEvent>().WithMany().HasForeignKey(e => e.EventId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<EventMeetingSlot>().WithMany().HasForeignKey(e => e.SlotId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<EventInstitution>().WithMany().HasForeignKey(e => e.InstitutionId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<PortalUser>().WithMany().HasForeignKey(e => e.RequesterUserId).OnDelete(DeleteBehavior.Restrict);

        // Never two meetings for one institution or one person in one slot, also under concurrent requests: the
        // database decides, and the second insert fails with a unique violation.
        entity.HasIndex(e => new { e.SlotId, e.InstitutionId }).IsUnique().HasFilter(ActiveFilter).HasDatabaseName(OneInstitutionPerSlot);
        entity.HasIndex(e => new { e.SlotId, e.RequesterUserId }).IsUnique().HasFilter(ActiveFilter).HasDatabaseName(OnePersonPerSlot);
        entity.HasIndex(e => new { e.EventId, e.Status });
        entity.HasIndex(e => new { e.RequesterUserId, e.EventId });
    }
}
