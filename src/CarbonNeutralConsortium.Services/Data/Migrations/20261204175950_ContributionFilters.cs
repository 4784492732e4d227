using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class ContributionFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_request_contributors_open_queue",
                table: "request_contributors");

            migrationBuilder.AddColumn<List<string>>(
                name: "request_preferred_countries",
                table: "request_contributors",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "request_sector_code",
                table: "request_contributors",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "request_technology_codes",
                table: "request_contributors",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            // The copies are filled from the requests, then kept by the Queue migration's two triggers, extended here: a
            // contributor added copies them with the status; a change of the request's sector, technology codes or
            // preferred countries (edited while returned with a question) updates its contributors, as a status change does.
            migrationBuilder.Sql("""
                UPDATE request_contributors c
                SET request_sector_code = p.sector_code, request_technology_codes = p.technology_codes, request_preferred_countries = p.preferred_countries
                FROM partnership_requests p WHERE p.id = c.request_id;
                ALTER TABLE request_contributors ALTER COLUMN request_technology_codes DROP DEFAULT, ALTER COLUMN request_preferred_countries DROP DEFAULT;

                CREATE OR REPLACE FUNCTION request_contributors_copy_status() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT p.status, p.status_changed_at, p.sector_code, p.technology_codes, p.preferred_countries
                    INTO NEW.request_status, NEW.request_status_changed_at, NEW.request_sector_code, NEW.request_technology_codes, NEW.request_preferred_countries
                    FROM partnership_requests p WHERE p.id = NEW.request_id;
                    RETURN NEW;
                END $$;

                CREATE OR REPLACE FUNCTION partnership_requests_status_to_contributors() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE request_contributors
                    SET request_status = NEW.status, request_status_changed_at = NEW.status_changed_at, request_sector_code = NEW.sector_code,
                        request_technology_codes = NEW.technology_codes, request_preferred_countries = NEW.preferred_countries
                    WHERE request_id = NEW.id;
                    RETURN NULL;
                END $$;

                DROP TRIGGER partnership_requests_status_to_contributors ON partnership_requests;
                CREATE TRIGGER partnership_requests_status_to_contributors
                    AFTER UPDATE OF status, status_changed_at, sector_code, technology_codes, preferred_countries ON partnership_requests
                    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.status_changed_at IS DISTINCT FROM NEW.status_changed_at
                        OR OLD.sector_code IS DISTINCT FROM NEW.sector_code OR OLD.technology_codes IS DISTINCT FROM NEW.technology_codes
                        OR OLD.preferred_countries IS DISTINCT FROM NEW.preferred_countries)
                    EXECUTE FUNCTION partnership_requests_status_to_contributors();
                """);

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_open_queue",
                table: "request_contributors",
                columns: new[] { "organization_code", "request_status_changed_at", "request_id" },
                filter: "request_status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')")
                .Annotation("Npgsql:IndexInclude", new[] { "request_status", "request_sector_code", "request_technology_codes", "request_preferred_countries" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION request_contributors_copy_status() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SELECT p.status, p.status_changed_at INTO NEW.request_status, NEW.request_status_changed_at
                    FROM partnership_requests p WHERE p.id = NEW.request_id;
                    RETURN NEW;
                END $$;

                CREATE OR REPLACE FUNCTION partnership_requests_status_to_contributors() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE request_contributors SET request_status = NEW.status, request_status_changed_at = NEW.status_changed_at
                    WHERE request_id = NEW.id;
                    RETURN NULL;
                END $$;

                DROP TRIGGER partnership_requests_status_to_contributors ON partnership_requests;
                CREATE TRIGGER partnership_requests_status_to_contributors AFTER UPDATE OF status, status_changed_at ON partnership_requests
                    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.status_changed_at IS DISTINCT FROM NEW.status_changed_at)
                    EXECUTE FUNCTION partnership_requests_status_to_contributors();
                """);

            migrationBuilder.DropIndex(
                name: "ix_request_contributors_open_queue",
                table: "request_contributors");

            migrationBuilder.DropColumn(
                name: "request_preferred_countries",
                table: "request_contributors");

            migrationBuilder.DropColumn(
                name: "request_sector_code",
                table: "request_contributors");

            migrationBuilder.DropColumn(
                name: "request_technology_codes",
                table: "request_contributors");

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_open_queue",
                table: "request_contributors",
                columns: new[] { "organization_code", "request_status_changed_at", "request_id" },
                filter: "request_status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')")
                .Annotation("Npgsql:IndexInclude", new[] { "request_status" });
        }
    }
}
