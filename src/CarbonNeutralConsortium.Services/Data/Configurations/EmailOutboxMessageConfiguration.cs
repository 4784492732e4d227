using CarbonNeutralConsortium.Services.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class EmailOutboxMessageConfiguration : IEntityTypeConfiguration<EmailOutboxMessage>
{
    public void Configure(EntityTypeBuilder<EmailOutboxMessage> entity)
    {
        entity.ToTable("email_outbox");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.ToAddress).HasMaxLength(320).IsRequired();
        entity.Property(e => e.ToName).HasMaxLength(200);
        entity.Property(e => e.Subject).HasMaxLength(500).IsRequired();
        entity.Property(e => e.Kind).HasMaxLength(64).IsRequired();
        entity.Property(e => e.LastError).HasMaxLength(500);
        // The dispatcher's query: only pending rows, by due time.
        entity.HasIndex(e => e.NextAttemptAt).HasFilter("sent_at IS NULL AND failed_at IS NULL").HasDatabaseName("ix_email_outbox_pending");
    }
}
