using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class Statistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stats_calendar",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    business_index = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_calendar", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "stats_match_facts",
                columns: table => new
                {
                    match_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    sector_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    institute = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    decline_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_match_facts", x => x.match_id);
                });

            migrationBuilder.CreateTable(
                name: "stats_request_facts",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sector_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    institute = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    cooperation_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    areas = table.Column<List<string>>(type: "text[]", nullable: false),
                    countries = table.Column<List<string>>(type: "text[]", nullable: false),
                    convergence = table.Column<bool>(type: "boolean", nullable: false),
                    transferred = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    matching_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    connected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    agreement_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    declined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    response_days = table.Column<int>(type: "integer", nullable: true),
                    proposal_days = table.Column<int>(type: "integer", nullable: true),
                    breach = table.Column<bool>(type: "boolean", nullable: false),
                    matches = table.Column<int>(type: "integer", nullable: false),
                    accepted_matches = table.Column<int>(type: "integer", nullable: false),
                    declined_matches = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_request_facts", x => x.request_id);
                });

            migrationBuilder.CreateTable(
                name: "stats_rollups",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: true),
                    sector_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    institute = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                });

            migrationBuilder.CreateTable(
                name: "stats_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    refreshed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    requests = table.Column<int>(type: "integer", nullable: false),
                    watermark = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_state", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_matches_proposed_at_id",
                table: "matches",
                columns: new[] { "proposed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_match_status_changes_at",
                table: "match_status_changes",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_match_facts_institute_month_match_id",
                table: "stats_match_facts",
                columns: new[] { "institute", "month", "match_id" });

            migrationBuilder.CreateIndex(
                name: "ix_stats_match_facts_month_match_id",
                table: "stats_match_facts",
                columns: new[] { "month", "match_id" });

            migrationBuilder.CreateIndex(
                name: "ix_stats_match_facts_request_id",
                table: "stats_match_facts",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_agreement_at",
                table: "stats_request_facts",
                column: "agreement_at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_areas",
                table: "stats_request_facts",
                column: "areas")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_connected_at",
                table: "stats_request_facts",
                column: "connected_at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_countries",
                table: "stats_request_facts",
                column: "countries")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_institute_submitted_at_request_id",
                table: "stats_request_facts",
                columns: new[] { "institute", "submitted_at", "request_id" });

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_matching_at",
                table: "stats_request_facts",
                column: "matching_at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_proposed_at",
                table: "stats_request_facts",
                column: "proposed_at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_responded_at",
                table: "stats_request_facts",
                column: "responded_at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_reviewed_at",
                table: "stats_request_facts",
                column: "reviewed_at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_sector_code_submitted_at_request_id",
                table: "stats_request_facts",
                columns: new[] { "sector_code", "submitted_at", "request_id" });

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_submitted_at_request_id",
                table: "stats_request_facts",
                columns: new[] { "submitted_at", "request_id" });

            migrationBuilder.CreateIndex(
                name: "ix_stats_request_facts_waiting",
                table: "stats_request_facts",
                column: "request_id",
                filter: "status = 'Submitted' AND responded_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_stats_rollups_month_kind",
                table: "stats_rollups",
                columns: new[] { "month", "kind" });

            migrationBuilder.CreateIndex(
                name: "ux_stats_rollups_figure",
                table: "stats_rollups",
                columns: new[] { "kind", "month", "sector_code", "institute", "code" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stats_calendar");

            migrationBuilder.DropTable(
                name: "stats_match_facts");

            migrationBuilder.DropTable(
                name: "stats_request_facts");

            migrationBuilder.DropTable(
                name: "stats_rollups");

            migrationBuilder.DropTable(
                name: "stats_state");

            migrationBuilder.DropIndex(
                name: "ix_matches_proposed_at_id",
                table: "matches");

            migrationBuilder.DropIndex(
                name: "ix_match_status_changes_at",
                table: "match_status_changes");
        }
    }
}
