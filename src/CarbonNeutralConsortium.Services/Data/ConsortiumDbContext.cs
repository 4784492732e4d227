using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Data;

/// <summary>The one DbContext of the portal (Identity included). Pooled: the constructor takes only options.</summary>
public sealed class ConsortiumDbContext(DbContextOptions<ConsortiumDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Sector> Sectors => Set<Sector>();

    public DbSet<TechnologyArea> TechnologyAreas => Set<TechnologyArea>();

    public DbSet<TechnologyAreaExpert> TechnologyAreaExperts => Set<TechnologyAreaExpert>();

    public DbSet<Country> Countries => Set<Country>();

    public DbSet<CooperationType> CooperationTypes => Set<CooperationType>();

    public DbSet<PartnerType> PartnerTypes => Set<PartnerType>();

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<EmailOutboxMessage> EmailOutbox => Set<EmailOutboxMessage>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity names its tables AspNet*; the portal's convention is snake_case everywhere.
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.ApplyConfigurationsFromAssembly(typeof(ConsortiumDbContext).Assembly);
    }
}
