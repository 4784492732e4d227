using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProgrammePlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "best_practices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    body = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    lessons = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    sector_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    match_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    plan_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_best_practices", x => x.id);
                    table.ForeignKey(
                        name: "fk_best_practices_organizations_organization_code",
                        column: x => x.organization_code,
                        principalTable: "organizations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_best_practices_sectors_sector_code",
                        column: x => x.sector_code,
                        principalTable: "sectors",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "joint_rd_plans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title_ko = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    lead_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sector_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    contributor_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    company_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    partner_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    request_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    match_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    budget_krw = table.Column<long>(type: "bigint", nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: true),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_joint_rd_plans", x => x.id);
                    table.CheckConstraint("ck_joint_rd_plans_budget", "budget_krw IS NULL OR budget_krw BETWEEN 0 AND 1000000000000");
                    table.CheckConstraint("ck_joint_rd_plans_schedule", "start_date IS NULL OR end_date IS NULL OR end_date >= start_date");
                    table.ForeignKey(
                        name: "fk_joint_rd_plans_organizations_lead_organization_code",
                        column: x => x.lead_organization_code,
                        principalTable: "organizations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_joint_rd_plans_sectors_sector_code",
                        column: x => x.sector_code,
                        principalTable: "sectors",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "policy_proposals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    problem = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    proposal = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    evidence = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    target = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    review_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    review_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_proposals", x => x.id);
                    table.ForeignKey(
                        name: "fk_policy_proposals_organizations_organization_code",
                        column: x => x.organization_code,
                        principalTable: "organizations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "standards_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    body = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title_ko = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    sector_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    technology_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    lead_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    korea_position = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    next_deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    next_deadline_what = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    plan_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    request_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standards_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_standards_items_organizations_lead_organization_code",
                        column: x => x.lead_organization_code,
                        principalTable: "organizations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plan_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    uploaded_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_plan_documents_joint_rd_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "joint_rd_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_feasibility_studies",
                columns: table => new
                {
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    technical_feasibility = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    market = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    partner_capability = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    risks = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    conclusion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    recorded_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_feasibility_studies", x => x.plan_id);
                    table.ForeignKey(
                        name: "fk_plan_feasibility_studies_joint_rd_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "joint_rd_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_stage_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_stage_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_plan_stage_changes_joint_rd_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "joint_rd_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "proposal_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    proposal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proposal_reviews", x => x.id);
                    table.ForeignKey(
                        name: "fk_proposal_reviews_policy_proposals_proposal_id",
                        column: x => x.proposal_id,
                        principalTable: "policy_proposals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_document_contents",
                columns: table => new
                {
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_document_contents", x => x.document_id);
                    table.ForeignKey(
                        name: "fk_plan_document_contents_plan_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "plan_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_organization_code",
                table: "best_practices",
                column: "organization_code");

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_sector_code_updated_at",
                table: "best_practices",
                columns: new[] { "sector_code", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_status_updated_at",
                table: "best_practices",
                columns: new[] { "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_joint_rd_plans_contributor_codes",
                table: "joint_rd_plans",
                column: "contributor_codes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_joint_rd_plans_lead_organization_code_updated_at",
                table: "joint_rd_plans",
                columns: new[] { "lead_organization_code", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_joint_rd_plans_sector_code_updated_at",
                table: "joint_rd_plans",
                columns: new[] { "sector_code", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_joint_rd_plans_stage_updated_at",
                table: "joint_rd_plans",
                columns: new[] { "stage", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_joint_rd_plans_title_en",
                table: "joint_rd_plans",
                column: "title_en")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_joint_rd_plans_title_ko",
                table: "joint_rd_plans",
                column: "title_ko")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_joint_rd_plans_updated_at",
                table: "joint_rd_plans",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_plan_documents_plan_id_uploaded_at",
                table: "plan_documents",
                columns: new[] { "plan_id", "uploaded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_plan_stage_changes_plan_id_at",
                table: "plan_stage_changes",
                columns: new[] { "plan_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_proposals_organization_code",
                table: "policy_proposals",
                column: "organization_code");

            migrationBuilder.CreateIndex(
                name: "ix_policy_proposals_review_status_updated_at",
                table: "policy_proposals",
                columns: new[] { "review_status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_proposals_target_updated_at",
                table: "policy_proposals",
                columns: new[] { "target", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_proposals_updated_at",
                table: "policy_proposals",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_proposal_reviews_proposal_id_at",
                table: "proposal_reviews",
                columns: new[] { "proposal_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_body_updated_at",
                table: "standards_items",
                columns: new[] { "body", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_lead_organization_code_updated_at",
                table: "standards_items",
                columns: new[] { "lead_organization_code", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_next_deadline",
                table: "standards_items",
                column: "next_deadline",
                filter: "next_deadline IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_reference",
                table: "standards_items",
                column: "reference")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_sector_codes",
                table: "standards_items",
                column: "sector_codes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_status_updated_at",
                table: "standards_items",
                columns: new[] { "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_title_en",
                table: "standards_items",
                column: "title_en")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_title_ko",
                table: "standards_items",
                column: "title_ko")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_standards_items_updated_at",
                table: "standards_items",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "best_practices");

            migrationBuilder.DropTable(
                name: "plan_document_contents");

            migrationBuilder.DropTable(
                name: "plan_feasibility_studies");

            migrationBuilder.DropTable(
                name: "plan_stage_changes");

            migrationBuilder.DropTable(
                name: "proposal_reviews");

            migrationBuilder.DropTable(
                name: "standards_items");

            migrationBuilder.DropTable(
                name: "plan_documents");

            migrationBuilder.DropTable(
                name: "policy_proposals");

            migrationBuilder.DropTable(
                name: "joint_rd_plans");
        }
    }
}
