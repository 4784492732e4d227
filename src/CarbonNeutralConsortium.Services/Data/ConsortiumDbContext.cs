using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Data.Configurations;
using CarbonNeutralConsortium.Services.Notifications;
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

    public DbSet<CompanyInvitation> CompanyInvitations => Set<CompanyInvitation>();

    public DbSet<ContactPerson> ContactPersons => Set<ContactPerson>();

    public DbSet<ContactConsent> ContactConsents => Set<ContactConsent>();

    public DbSet<PartnershipRequest> Requests => Set<PartnershipRequest>();

    public DbSet<RequestStatusChange> RequestStatusChanges => Set<RequestStatusChange>();

    public DbSet<RequestContributor> RequestContributors => Set<RequestContributor>();

    public DbSet<RequestMessage> RequestMessages => Set<RequestMessage>();

    public DbSet<RequestInternalNote> RequestInternalNotes => Set<RequestInternalNote>();

    public DbSet<RequestAttachment> RequestAttachments => Set<RequestAttachment>();

    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();

    public DbSet<OverseasPartner> OverseasPartners => Set<OverseasPartner>();

    public DbSet<Match> Matches => Set<Match>();

    public DbSet<Partners.PartnerImportUpload> PartnerImportUploads => Set<Partners.PartnerImportUpload>();

    public DbSet<MatchStatusChange> MatchStatusChanges => Set<MatchStatusChange>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Privacy.PersonalDataView> PersonalDataViews => Set<Privacy.PersonalDataView>();

    public DbSet<Dashboards.StatsRequestFact> StatsRequestFacts => Set<Dashboards.StatsRequestFact>();

    public DbSet<Dashboards.StatsMatchFact> StatsMatchFacts => Set<Dashboards.StatsMatchFact>();

    public DbSet<Dashboards.StatsRollup> StatsRollups => Set<Dashboards.StatsRollup>();

    public DbSet<Admin.DeletedTechnologyCode> DeletedTechnologyCodes => Set<Admin.DeletedTechnologyCode>();

    public DbSet<Domain.Events.ConsortiumEvent> Events => Set<Domain.Events.ConsortiumEvent>();

    public DbSet<Domain.Events.EventInstitution> EventInstitutions => Set<Domain.Events.EventInstitution>();

    public DbSet<Domain.Events.EventMaterial> EventMaterials => Set<Domain.Events.EventMaterial>();

    public DbSet<Domain.Events.EventRegistration> EventRegistrations => Set<Domain.Events.EventRegistration>();

    public DbSet<Domain.Events.EventMeetingSlot> EventMeetingSlots => Set<Domain.Events.EventMeetingSlot>();

    public DbSet<Domain.Events.EventMeeting> EventMeetings => Set<Domain.Events.EventMeeting>();
    public DbSet<Domain.Programmes.JointRdPlan> Plans => Set<Domain.Programmes.JointRdPlan>();

    public DbSet<Domain.Programmes.PlanStageChange> PlanStageChanges => Set<Domain.Programmes.PlanStageChange>();

    public DbSet<Domain.Programmes.PlanFeasibilityStudy> PlanFeasibilityStudies => Set<Domain.Programmes.PlanFeasibilityStudy>();

    public DbSet<Domain.Programmes.PlanDocument> PlanDocuments => Set<Domain.Programmes.PlanDocument>();

    public DbSet<Domain.Programmes.PlanDocumentContent> PlanDocumentContents => Set<Domain.Programmes.PlanDocumentContent>();

    public DbSet<Domain.Programmes.StandardsItem> StandardsItems => Set<Domain.Programmes.StandardsItem>();

    public DbSet<Domain.Programmes.BestPractice> BestPractices => Set<Domain.Programmes.BestPractice>();

    public DbSet<Domain.Programmes.PolicyProposal> PolicyProposals => Set<Domain.Programmes.PolicyProposal>();

    public DbSet<Domain.Programmes.ProposalReview> ProposalReviews => Set<Domain.Programmes.ProposalReview>();

    public DbSet<Dashboards.StatsCalendarDay> StatsCalendar => Set<Dashboards.StatsCalendarDay>();

    public DbSet<Dashboards.StatsState> StatsStates => Set<Dashboards.StatsState>();

    /// <summary>The next number of the request reference sequence (CNC-yyyy-nnnnnn).</summary>
    public async Task<long> NextRequestReferenceAsync(CancellationToken cancellationToken) =>
        (await Database.SqlQueryRaw<long>($"SELECT nextval('{PartnershipRequestConfiguration.ReferenceSequence}') AS \"Value\"").ToListAsync(cancellationToken))[0];

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
        builder.HasPostgresExtension("pg_trgm");
        builder.HasSequence<long>(PartnershipRequestConfiguration.ReferenceSequence);
        builder.ApplyConfigurationsFromAssembly(typeof(ConsortiumDbContext).Assembly);
    }
}
