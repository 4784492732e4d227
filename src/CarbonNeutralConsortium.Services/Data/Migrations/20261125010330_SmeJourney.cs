using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class SmeJourney : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "request_reference_numbers");

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "companies",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "employees",
                table: "companies",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "founded_year",
                table: "companies",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "profile_updated_at",
                table: "companies",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "region_code",
                table: "companies",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "technology_codes",
                table: "companies",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "website",
                table: "companies",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    details = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "company_invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    invited_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invited_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accepted_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_company_invitations_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contact_persons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    position = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    removed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_persons", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_persons_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "overseas_partners",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    name_ko = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    partner_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    technology_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    cooperation_types = table.Column<List<string>>(type: "text[]", nullable: false),
                    trl_min = table.Column<int>(type: "integer", nullable: true),
                    trl_max = table.Column<int>(type: "integer", nullable: true),
                    keywords = table.Column<List<string>>(type: "text[]", nullable: false),
                    description = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    website = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    contact_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    linked_institutes = table.Column<List<string>>(type: "text[]", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_overseas_partners", x => x.id);
                    table.CheckConstraint("ck_overseas_partners_trl", "(trl_min IS NULL OR trl_min BETWEEN 1 AND 9) AND (trl_max IS NULL OR trl_max BETWEEN 1 AND 9) AND (trl_min IS NULL OR trl_max IS NULL OR trl_min <= trl_max)");
                    table.ForeignKey(
                        name: "fk_overseas_partners_countries_country_code",
                        column: x => x.country_code,
                        principalTable: "countries",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_overseas_partners_partner_types_partner_type_code",
                        column: x => x.partner_type_code,
                        principalTable: "partner_types",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "partnership_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_key = table.Column<Guid>(type: "uuid", nullable: false),
                    reference_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    completed_step = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    public_summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    cooperation_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sector_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    technology_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    keywords = table.Column<List<string>>(type: "text[]", nullable: false),
                    trl_current = table.Column<int>(type: "integer", nullable: true),
                    trl_target = table.Column<int>(type: "integer", nullable: true),
                    preferred_countries = table.Column<List<string>>(type: "text[]", nullable: false),
                    excluded_countries = table.Column<List<string>>(type: "text[]", nullable: false),
                    preferred_partner_types = table.Column<List<string>>(type: "text[]", nullable: false),
                    desired_start = table.Column<DateOnly>(type: "date", nullable: true),
                    duration_months = table.Column<int>(type: "integer", nullable: true),
                    deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    budget_min_krw = table.Column<long>(type: "bigint", nullable: true),
                    budget_max_krw = table.Column<long>(type: "bigint", nullable: true),
                    confidential_details = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    contact_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    share_contact_abroad = table.Column<bool>(type: "boolean", nullable: false),
                    lead_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    is_convergence = table.Column<bool>(type: "boolean", nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    first_submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_activity_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expiry_warning_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partnership_requests", x => x.id);
                    table.CheckConstraint("ck_partnership_requests_budget", "budget_min_krw IS NULL OR budget_max_krw IS NULL OR budget_min_krw <= budget_max_krw");
                    table.CheckConstraint("ck_partnership_requests_trl", "(trl_current IS NULL OR trl_current BETWEEN 1 AND 9) AND (trl_target IS NULL OR trl_target BETWEEN 1 AND 9)");
                    table.ForeignKey(
                        name: "fk_partnership_requests_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_partnership_requests_cooperation_types_cooperation_type_code",
                        column: x => x.cooperation_type_code,
                        principalTable: "cooperation_types",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_partnership_requests_organizations_lead_organization_code",
                        column: x => x.lead_organization_code,
                        principalTable: "organizations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_partnership_requests_sectors_sector_code",
                        column: x => x.sector_code,
                        principalTable: "sectors",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contact_consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    granted = table.Column<bool>(type: "boolean", nullable: false),
                    text_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: false),
                    items = table.Column<string>(type: "text", nullable: false),
                    retention = table.Column<string>(type: "text", nullable: false),
                    right_to_refuse = table.Column<string>(type: "text", nullable: false),
                    culture = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    recorded_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_consents_contact_persons_contact_person_id",
                        column: x => x.contact_person_id,
                        principalTable: "contact_persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "matches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: true),
                    engine_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    proposal_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    proposed_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    proposed_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    proposed_by_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sme_decline_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    decline_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    partner_contacted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    partner_responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    meeting_held_on = table.Column<DateOnly>(type: "date", nullable: true),
                    agreement_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    no_deal_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    outcome_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    outcome_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    factors = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_matches", x => x.id);
                    table.CheckConstraint("ck_matches_score", "score >= 0 AND score <= 100");
                    table.ForeignKey(
                        name: "fk_matches_overseas_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "overseas_partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_matches_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "partnership_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_contributors",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    technology_codes = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_contributors", x => new { x.request_id, x.organization_code });
                    table.ForeignKey(
                        name: "fk_request_contributors_organizations_organization_code",
                        column: x => x.organization_code,
                        principalTable: "organizations",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_request_contributors_partnership_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "partnership_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    author_side = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    author_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_request_messages_partnership_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "partnership_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_status_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_side = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_request_status_changes_partnership_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "partnership_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "match_status_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    match_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_side = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_match_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_match_status_changes_matches_match_id",
                        column: x => x.match_id,
                        principalTable: "matches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_attachments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    uploaded_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_request_attachments_partnership_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "partnership_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_request_attachments_request_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "request_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attachment_contents",
                columns: table => new
                {
                    attachment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_contents", x => x.attachment_id);
                    table.ForeignKey(
                        name: "fk_attachment_contents_request_attachments_attachment_id",
                        column: x => x.attachment_id,
                        principalTable: "request_attachments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_type_entity_id",
                table: "audit_entries",
                columns: new[] { "entity_type", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_company_invitations_company_id_created_at",
                table: "company_invitations",
                columns: new[] { "company_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_company_invitations_token_hash",
                table: "company_invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contact_consents_contact_person_id_kind_recorded_at",
                table: "contact_consents",
                columns: new[] { "contact_person_id", "kind", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_persons_company_id",
                table: "contact_persons",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_match_status_changes_match_id_at",
                table: "match_status_changes",
                columns: new[] { "match_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_matches_partner_id",
                table: "matches",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_matches_request_id_partner_id",
                table: "matches",
                columns: new[] { "request_id", "partner_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_unread",
                table: "notifications",
                column: "user_id",
                filter: "read_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user_id_created_at",
                table: "notifications",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_country_code",
                table: "overseas_partners",
                column: "country_code");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_external_id",
                table: "overseas_partners",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_partner_type_code",
                table: "overseas_partners",
                column: "partner_type_code");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_technology_codes",
                table: "overseas_partners",
                column: "technology_codes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_company_id_status_updated_at",
                table: "partnership_requests",
                columns: new[] { "company_id", "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_company_id_updated_at",
                table: "partnership_requests",
                columns: new[] { "company_id", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_cooperation_type_code",
                table: "partnership_requests",
                column: "cooperation_type_code");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_lead_organization_code",
                table: "partnership_requests",
                column: "lead_organization_code");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_open_deadline",
                table: "partnership_requests",
                column: "deadline",
                filter: "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_reference_number",
                table: "partnership_requests",
                column: "reference_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_sector_code",
                table: "partnership_requests",
                column: "sector_code");

            migrationBuilder.CreateIndex(
                name: "ux_partnership_requests_company_client_key",
                table: "partnership_requests",
                columns: new[] { "company_id", "client_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_request_attachments_message_id",
                table: "request_attachments",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_request_attachments_request_id_message_id",
                table: "request_attachments",
                columns: new[] { "request_id", "message_id" });

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_organization_code",
                table: "request_contributors",
                column: "organization_code");

            migrationBuilder.CreateIndex(
                name: "ix_request_messages_request_id_created_at",
                table: "request_messages",
                columns: new[] { "request_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_request_status_changes_request_id_at",
                table: "request_status_changes",
                columns: new[] { "request_id", "at" });

            // The audit log is append-only: no code path of the app may change or remove an entry.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_entries is append-only';
                END $$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachment_contents");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_entries_append_only();");

            migrationBuilder.DropTable(
                name: "company_invitations");

            migrationBuilder.DropTable(
                name: "contact_consents");

            migrationBuilder.DropTable(
                name: "match_status_changes");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "request_contributors");

            migrationBuilder.DropTable(
                name: "request_status_changes");

            migrationBuilder.DropTable(
                name: "request_attachments");

            migrationBuilder.DropTable(
                name: "contact_persons");

            migrationBuilder.DropTable(
                name: "matches");

            migrationBuilder.DropTable(
                name: "request_messages");

            migrationBuilder.DropTable(
                name: "overseas_partners");

            migrationBuilder.DropTable(
                name: "partnership_requests");

            migrationBuilder.DropColumn(
                name: "description",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "employees",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "founded_year",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "profile_updated_at",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "region_code",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "technology_codes",
                table: "companies");

            migrationBuilder.DropColumn(
                name: "website",
                table: "companies");

            migrationBuilder.DropSequence(
                name: "request_reference_numbers");
        }
    }
}
