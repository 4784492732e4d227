using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class Queue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_request_contributors_organization_code_request_id",
                table: "request_contributors");

            migrationBuilder.AddColumn<string>(
                name: "request_status",
                table: "request_contributors",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "request_status_changed_at",
                table: "request_contributors",
                type: "timestamp with time zone",
                nullable: true);

            // The copies of the request's status and its time: filled from the request, then kept by two triggers (a
            // contributor added copies them; a status change of the request updates its contributors). The app never
            // writes them (EF ignores them on save); cnc generate writes them with the rows it copies.
            migrationBuilder.Sql("""
                UPDATE request_contributors c SET request_status = p.status, request_status_changed_at = p.status_changed_at
                FROM partnership_requests p WHERE p.id = c.request_id;
                ALTER TABLE request_contributors ALTER COLUMN request_status SET NOT NULL, ALTER COLUMN request_status_changed_at SET NOT NULL;

                CREATE FUNCTION request_contributors_copy_status() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT p.status, p.status_changed_at INTO NEW.request_status, NEW.request_status_changed_at
                    FROM partnership_requests p WHERE p.id = NEW.request_id;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER request_contributors_copy_status BEFORE INSERT ON request_contributors
                    FOR EACH ROW WHEN (NEW.request_status IS NULL) EXECUTE FUNCTION request_contributors_copy_status();

                CREATE FUNCTION partnership_requests_status_to_contributors() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE request_contributors SET request_status = NEW.status, request_status_changed_at = NEW.status_changed_at
                    WHERE request_id = NEW.id;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER partnership_requests_status_to_contributors AFTER UPDATE OF status, status_changed_at ON partnership_requests
                    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.status_changed_at IS DISTINCT FROM NEW.status_changed_at)
                    EXECUTE FUNCTION partnership_requests_status_to_contributors();
                """);

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_open_queue",
                table: "request_contributors",
                columns: new[] { "organization_code", "request_status_changed_at", "request_id" },
                filter: "request_status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')")
                .Annotation("Npgsql:IndexInclude", new[] { "request_status" });

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_queue",
                table: "request_contributors",
                columns: new[] { "organization_code", "request_status_changed_at", "request_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "request_status" });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_lead_queue",
                table: "partnership_requests",
                columns: new[] { "lead_organization_code", "status_changed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_open_id",
                table: "partnership_requests",
                column: "id",
                filter: "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')")
                .Annotation("Npgsql:IndexInclude", new[] { "status", "status_changed_at", "lead_organization_code", "sector_code", "technology_codes", "preferred_countries" });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_open_lead",
                table: "partnership_requests",
                columns: new[] { "lead_organization_code", "status_changed_at", "id" },
                filter: "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')")
                .Annotation("Npgsql:IndexInclude", new[] { "status", "sector_code", "technology_codes", "preferred_countries" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER partnership_requests_status_to_contributors ON partnership_requests;
                DROP FUNCTION partnership_requests_status_to_contributors();
                DROP TRIGGER request_contributors_copy_status ON request_contributors;
                DROP FUNCTION request_contributors_copy_status();
                """);

            migrationBuilder.DropIndex(
                name: "ix_request_contributors_open_queue",
                table: "request_contributors");

            migrationBuilder.DropIndex(
                name: "ix_request_contributors_queue",
                table: "request_contributors");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_lead_queue",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_open_id",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_open_lead",
                table: "partnership_requests");

            migrationBuilder.DropColumn(
                name: "request_status",
                table: "request_contributors");

            migrationBuilder.DropColumn(
                name: "request_status_changed_at",
                table: "request_contributors");

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_organization_code_request_id",
                table: "request_contributors",
                columns: new[] { "organization_code", "request_id" });
        }
    }
}
