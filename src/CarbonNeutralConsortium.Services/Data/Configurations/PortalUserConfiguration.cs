using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> entity)
    {
        entity.ToTable("users", t => t.HasCheckConstraint("ck_users_company_or_organization", "num_nonnulls(company_id, organization_code) = 1"));
        entity.Property(e => e.DisplayName).HasMaxLength(PortalUser.DisplayNameMaxLength).IsRequired();
        entity.Property(e => e.PreferredCulture).HasMaxLength(8);
        entity.Property(e => e.PrivacyConsentVersion).HasMaxLength(32);
        entity.Property(e => e.OrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);

        // Written only by the authenticator provider's conditional UPDATE: Identity's store saves the whole user row
        // (every property marked modified), and a stale value from a concurrent request must never lower it.
        var totpStep = entity.Property(e => e.TotpLastStep).Metadata;
        totpStep.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        totpStep.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        // Likewise the last sign-in time, written by one UPDATE at each sign-in (PortalSignInManager).
        var lastSignIn = entity.Property(e => e.LastSignInAt).Metadata;
        lastSignIn.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        lastSignIn.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        // The retention purge's search for accounts not used for years.
        entity.HasIndex(e => e.LastSignInAt);
        entity.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(e => e.CompanyId);
        entity.HasIndex(e => e.OrganizationCode);

        // The admin console's user search: part of a name or an e-mail address.
        entity.HasIndex(e => e.DisplayName, "ix_users_display_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_users_display_name_trgm");
        entity.HasIndex(e => e.Email, "ix_users_email_trgm").HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_users_email_trgm");
    }
}
