using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Domain.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

internal sealed class JointRdPlanConfiguration : IEntityTypeConfiguration<JointRdPlan>
{
    public void Configure(EntityTypeBuilder<JointRdPlan> entity)
    {
        entity.ToTable("joint_rd_plans", t =>
        {
            t.HasCheckConstraint("ck_joint_rd_plans_budget", $"budget_krw IS NULL OR budget_krw BETWEEN 0 AND {JointRdPlan.MaxBudgetKrw}");
            t.HasCheckConstraint("ck_joint_rd_plans_schedule", "start_date IS NULL OR end_date IS NULL OR end_date >= start_date");
        });
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.TitleKo).HasMaxLength(JointRdPlan.TitleMaxLength).IsRequired();
        entity.Property(e => e.TitleEn).HasMaxLength(JointRdPlan.TitleMaxLength).IsRequired();
        entity.Property(e => e.Summary).HasMaxLength(JointRdPlan.SummaryMaxLength);
        entity.Property(e => e.Stage).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.LeadOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.Property(e => e.SectorCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.LeadOrganizationCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Sector>().WithMany().HasForeignKey(e => e.SectorCode).OnDelete(DeleteBehavior.Restrict);

        // The list's filters: stage, institute (lead or contributor), sector, text in either title; newest change first.
        entity.HasIndex(e => e.UpdatedAt);
        entity.HasIndex(e => new { e.Stage, e.UpdatedAt });
        entity.HasIndex(e => new { e.LeadOrganizationCode, e.UpdatedAt });
        entity.HasIndex(e => new { e.SectorCode, e.UpdatedAt });
        entity.HasIndex(e => e.ContributorCodes).HasMethod("gin");
        entity.HasIndex(e => e.TitleKo, "ix_joint_rd_plans_title_ko_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        entity.HasIndex(e => e.TitleEn, "ix_joint_rd_plans_title_en_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class PlanStageChangeConfiguration : IEntityTypeConfiguration<PlanStageChange>
{
    public void Configure(EntityTypeBuilder<PlanStageChange> entity)
    {
        entity.ToTable("plan_stage_changes");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).UseIdentityAlwaysColumn();
        entity.Property(e => e.From).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.To).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.ActorName).HasMaxLength(100);
        entity.Property(e => e.ActorOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength);
        entity.Property(e => e.Note).HasMaxLength(PlanStageChange.NoteMaxLength);
        entity.HasOne<JointRdPlan>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.PlanId, e.At });
    }
}

internal sealed class PlanFeasibilityStudyConfiguration : IEntityTypeConfiguration<PlanFeasibilityStudy>
{
    public void Configure(EntityTypeBuilder<PlanFeasibilityStudy> entity)
    {
        entity.ToTable("plan_feasibility_studies");
        entity.HasKey(e => e.PlanId);
        entity.Property(e => e.PlanId).ValueGeneratedNever();
        entity.Property(e => e.TechnicalFeasibility).HasMaxLength(PlanFeasibilityStudy.TextMaxLength).IsRequired();
        entity.Property(e => e.Market).HasMaxLength(PlanFeasibilityStudy.TextMaxLength).IsRequired();
        entity.Property(e => e.PartnerCapability).HasMaxLength(PlanFeasibilityStudy.TextMaxLength).IsRequired();
        entity.Property(e => e.Risks).HasMaxLength(PlanFeasibilityStudy.TextMaxLength).IsRequired();
        entity.Property(e => e.Conclusion).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.RecordedByName).HasMaxLength(100);
        entity.HasOne<JointRdPlan>().WithOne().HasForeignKey<PlanFeasibilityStudy>(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StandardsItemConfiguration : IEntityTypeConfiguration<StandardsItem>
{
    public void Configure(EntityTypeBuilder<StandardsItem> entity)
    {
        entity.ToTable("standards_items");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Body).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Reference).HasMaxLength(StandardsItem.ReferenceMaxLength).IsRequired();
        entity.Property(e => e.TitleKo).HasMaxLength(StandardsItem.TitleMaxLength).IsRequired();
        entity.Property(e => e.TitleEn).HasMaxLength(StandardsItem.TitleMaxLength).IsRequired();
        entity.Property(e => e.KoreaPosition).HasMaxLength(StandardsItem.PositionMaxLength);
        entity.Property(e => e.NextDeadlineWhat).HasMaxLength(StandardsItem.DeadlineWhatMaxLength);
        entity.Property(e => e.LeadOrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.LeadOrganizationCode).OnDelete(DeleteBehavior.Restrict);

        // The list's filters: body, status, sector, institute, a deadline within N days, text in the titles or the reference.
        entity.HasIndex(e => e.UpdatedAt);
        entity.HasIndex(e => new { e.Body, e.UpdatedAt });
        entity.HasIndex(e => new { e.Status, e.UpdatedAt });
        entity.HasIndex(e => new { e.LeadOrganizationCode, e.UpdatedAt });
        entity.HasIndex(e => e.NextDeadline).HasFilter("next_deadline IS NOT NULL");
        entity.HasIndex(e => e.SectorCodes).HasMethod("gin");
        entity.HasIndex(e => e.TitleKo, "ix_standards_items_title_ko_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        entity.HasIndex(e => e.TitleEn, "ix_standards_items_title_en_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        entity.HasIndex(e => e.Reference, "ix_standards_items_reference_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class BestPracticeConfiguration : IEntityTypeConfiguration<BestPractice>
{
    public void Configure(EntityTypeBuilder<BestPractice> entity)
    {
        entity.ToTable("best_practices");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Title).HasMaxLength(BestPractice.TitleMaxLength).IsRequired();
        entity.Property(e => e.Summary).HasMaxLength(BestPractice.SummaryMaxLength).IsRequired();
        entity.Property(e => e.Body).HasMaxLength(BestPractice.BodyMaxLength).IsRequired();
        entity.Property(e => e.Lessons).HasMaxLength(BestPractice.BodyMaxLength);
        entity.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.SectorCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.Property(e => e.OrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Sector>().WithMany().HasForeignKey(e => e.SectorCode).OnDelete(DeleteBehavior.Restrict);

        // The list: published ones (everyone) or all (staff), newest first, by sector.
        entity.HasIndex(e => new { e.Status, e.UpdatedAt });
        entity.HasIndex(e => new { e.SectorCode, e.UpdatedAt });
    }
}

internal sealed class PolicyProposalConfiguration : IEntityTypeConfiguration<PolicyProposal>
{
    public void Configure(EntityTypeBuilder<PolicyProposal> entity)
    {
        entity.ToTable("policy_proposals");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Title).HasMaxLength(PolicyProposal.TitleMaxLength).IsRequired();
        entity.Property(e => e.Problem).HasMaxLength(PolicyProposal.TextMaxLength).IsRequired();
        entity.Property(e => e.Proposal).HasMaxLength(PolicyProposal.TextMaxLength).IsRequired();
        entity.Property(e => e.Evidence).HasMaxLength(PolicyProposal.TextMaxLength);
        entity.Property(e => e.ReviewNote).HasMaxLength(PolicyProposal.NoteMaxLength);
        entity.Property(e => e.Target).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.ReviewStatus).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.OrganizationCode).HasMaxLength(ReferenceItem.CodeMaxLength).IsRequired();
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationCode).OnDelete(DeleteBehavior.Restrict);

        // The list's filters: review status, target; newest first.
        entity.HasIndex(e => new { e.ReviewStatus, e.UpdatedAt });
        entity.HasIndex(e => new { e.Target, e.UpdatedAt });
        entity.HasIndex(e => e.UpdatedAt);
    }
}

internal sealed class ProposalReviewConfiguration : IEntityTypeConfiguration<ProposalReview>
{
    public void Configure(EntityTypeBuilder<ProposalReview> entity)
    {
        entity.ToTable("proposal_reviews");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).UseIdentityAlwaysColumn();
        entity.Property(e => e.From).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.To).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Note).HasMaxLength(PolicyProposal.NoteMaxLength);
        entity.Property(e => e.ActorName).HasMaxLength(100);
        entity.HasOne<PolicyProposal>().WithMany().HasForeignKey(e => e.ProposalId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.ProposalId, e.At });
    }
}

internal sealed class PlanDocumentConfiguration : IEntityTypeConfiguration<PlanDocument>
{
    public void Configure(EntityTypeBuilder<PlanDocument> entity)
    {
        entity.ToTable("plan_documents");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.FileName).HasMaxLength(Domain.Requests.RequestAttachment.FileNameMaxLength).IsRequired();
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.UploadedByName).HasMaxLength(100);
        entity.HasOne<JointRdPlan>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<PlanDocumentContent>().WithOne().HasForeignKey<PlanDocumentContent>(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.PlanId, e.UploadedAt });
    }
}

internal sealed class PlanDocumentContentConfiguration : IEntityTypeConfiguration<PlanDocumentContent>
{
    public void Configure(EntityTypeBuilder<PlanDocumentContent> entity)
    {
        entity.ToTable("plan_document_contents");
        entity.HasKey(e => e.DocumentId);
        entity.Property(e => e.DocumentId).ValueGeneratedNever();
        entity.Property(e => e.Data).IsRequired();
    }
}
