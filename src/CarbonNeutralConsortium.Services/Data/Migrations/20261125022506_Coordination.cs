using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class Coordination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_lead_organization_code",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_country_code",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_partner_type_code",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_matches_partner_id",
                table: "matches");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<string>(
                name: "event",
                table: "request_status_changes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "event_detail",
                table: "request_status_changes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "status_changed_at",
                table: "partnership_requests",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // Existing requests: the time of their last status change from the history (else their last update).
            migrationBuilder.Sql("""
                UPDATE partnership_requests r
                SET status_changed_at = coalesce((SELECT max(h.at) FROM request_status_changes h WHERE h.request_id = r.id), r.updated_at);
                """);

            migrationBuilder.AddColumn<string>(
                name: "owner_organization_code",
                table: "overseas_partners",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "search_terms",
                table: "overseas_partners",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.CreateTable(
                name: "partner_import_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_import_uploads", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "request_internal_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_internal_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_request_internal_notes_partnership_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "partnership_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_lead_organization_code_status_status_c",
                table: "partnership_requests",
                columns: new[] { "lead_organization_code", "status", "status_changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_preferred_countries",
                table: "partnership_requests",
                column: "preferred_countries")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_technology_codes",
                table: "partnership_requests",
                column: "technology_codes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_country_code_name",
                table: "overseas_partners",
                columns: new[] { "country_code", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_linked_institutes",
                table: "overseas_partners",
                column: "linked_institutes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_name",
                table: "overseas_partners",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_name_ko",
                table: "overseas_partners",
                column: "name_ko")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_owner_organization_code",
                table: "overseas_partners",
                column: "owner_organization_code");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_partner_type_code_name",
                table: "overseas_partners",
                columns: new[] { "partner_type_code", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_search_terms",
                table: "overseas_partners",
                column: "search_terms")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_matches_partner_id_status",
                table: "matches",
                columns: new[] { "partner_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_partner_import_uploads_uploaded_by_user_id_uploaded_at",
                table: "partner_import_uploads",
                columns: new[] { "uploaded_by_user_id", "uploaded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_request_internal_notes_request_id_created_at",
                table: "request_internal_notes",
                columns: new[] { "request_id", "created_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_overseas_partners_organizations_owner_organization_code",
                table: "overseas_partners",
                column: "owner_organization_code",
                principalTable: "organizations",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_overseas_partners_organizations_owner_organization_code",
                table: "overseas_partners");

            migrationBuilder.DropTable(
                name: "partner_import_uploads");

            migrationBuilder.DropTable(
                name: "request_internal_notes");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_lead_organization_code_status_status_c",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_preferred_countries",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_technology_codes",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_country_code_name",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_linked_institutes",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_name",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_name_ko",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_owner_organization_code",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_partner_type_code_name",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_search_terms",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_matches_partner_id_status",
                table: "matches");

            migrationBuilder.DropColumn(
                name: "event",
                table: "request_status_changes");

            migrationBuilder.DropColumn(
                name: "event_detail",
                table: "request_status_changes");

            migrationBuilder.DropColumn(
                name: "status_changed_at",
                table: "partnership_requests");

            migrationBuilder.DropColumn(
                name: "owner_organization_code",
                table: "overseas_partners");

            migrationBuilder.DropColumn(
                name: "search_terms",
                table: "overseas_partners");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_lead_organization_code",
                table: "partnership_requests",
                column: "lead_organization_code");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_country_code",
                table: "overseas_partners",
                column: "country_code");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_partner_type_code",
                table: "overseas_partners",
                column: "partner_type_code");

            migrationBuilder.CreateIndex(
                name: "ix_matches_partner_id",
                table: "matches",
                column: "partner_id");
        }
    }
}
