using CarbonNeutralConsortium.Domain.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class CompanyInvitationConfiguration : IEntityTypeConfiguration<CompanyInvitation>
{
    public void Configure(EntityTypeBuilder<CompanyInvitation> entity)
    {
        entity.ToTable("company_invitations");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Email).HasMaxLength(254).IsRequired();
        entity.Property(e => e.TokenHash).HasMaxLength(64).IsFixedLength().IsRequired();
        entity.HasIndex(e => e.TokenHash).IsUnique();
        entity.Property(e => e.InvitedByName).HasMaxLength(100);
        entity.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.CompanyId, e.CreatedAt });
    }
}

internal sealed class ContactPersonConfiguration : IEntityTypeConfiguration<ContactPerson>
{
    public void Configure(EntityTypeBuilder<ContactPerson> entity)
    {
        entity.ToTable("contact_persons");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Name).HasMaxLength(ContactPerson.NameMaxLength);
        entity.Property(e => e.Department).HasMaxLength(ContactPerson.TextMaxLength);
        entity.Property(e => e.Position).HasMaxLength(ContactPerson.TextMaxLength);
        entity.Property(e => e.Email).HasMaxLength(ContactPerson.EmailMaxLength);
        entity.Property(e => e.Phone).HasMaxLength(ContactPerson.PhoneMaxLength);
        entity.Property(e => e.Version).IsRowVersion();
        entity.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => e.CompanyId);
        entity.HasMany(e => e.Consents).WithOne().HasForeignKey(c => c.ContactPersonId).OnDelete(DeleteBehavior.Cascade);
        entity.Navigation(e => e.Consents).HasField("_consents").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ContactConsentConfiguration : IEntityTypeConfiguration<ContactConsent>
{
    public void Configure(EntityTypeBuilder<ContactConsent> entity)
    {
        entity.ToTable("contact_consents");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.TextVersion).HasMaxLength(32);
        entity.Property(e => e.Culture).HasMaxLength(8);
        entity.Property(e => e.RecordedByName).HasMaxLength(100);
        entity.HasIndex(e => new { e.ContactPersonId, e.Kind, e.RecordedAt });
    }
}
