using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class Scale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_request_contributors_organization_code",
                table: "request_contributors");

            migrationBuilder.RenameIndex(
                name: "ix_overseas_partners_name_ko",
                table: "overseas_partners",
                newName: "ix_overseas_partners_name_ko_trgm");

            migrationBuilder.CreateTable(
                name: "partner_match_profiles",
                columns: table => new
                {
                    technology_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    partner_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    cooperation_types = table.Column<List<string>>(type: "text[]", nullable: false),
                    trl_min = table.Column<short>(type: "smallint", nullable: true),
                    trl_max = table.Column<short>(type: "smallint", nullable: true),
                    linked_institutes = table.Column<List<string>>(type: "text[]", nullable: false),
                    technology_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    term_hashes = table.Column<List<int>>(type: "integer[]", nullable: false),
                    accepted_matches = table.Column<int>(type: "integer", nullable: false),
                    agreements = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_match_profiles", x => new { x.partner_id, x.technology_code });
                });

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_organization_code_request_id",
                table: "request_contributors",
                columns: new[] { "organization_code", "request_id" });

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_open_preferred_countries",
                table: "partnership_requests",
                column: "preferred_countries",
                filter: "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_open_sector_code",
                table: "partnership_requests",
                columns: new[] { "sector_code", "status_changed_at", "id" },
                filter: "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_open_status_changed_at",
                table: "partnership_requests",
                columns: new[] { "status_changed_at", "id" },
                filter: "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')");

            migrationBuilder.CreateIndex(
                name: "ix_partnership_requests_open_technology_codes",
                table: "partnership_requests",
                column: "technology_codes",
                filter: "status IN ('Submitted','InReview','NeedsInformation','Matching','PartnersProposed')")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_is_active_name_id",
                table: "overseas_partners",
                columns: new[] { "is_active", "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_overseas_partners_name_trgm",
                table: "overseas_partners",
                column: "name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_partner_match_profiles_retrieval",
                table: "partner_match_profiles",
                column: "technology_code")
                .Annotation("Npgsql:IndexInclude", new[] { "partner_id", "country_code", "partner_type_code", "cooperation_types", "trl_min", "trl_max", "linked_institutes", "technology_codes", "term_hashes", "accepted_matches", "agreements" });

            // partner_match_profiles is kept by triggers, so every writer (the app, imports, hand-written SQL, a COPY) keeps
            // it right. Statement-level triggers with transition tables: a COPY of 100,000 partners runs the trigger once,
            // on the whole set. The match statuses are the names of MatchStatus (stored as text): accepted = any status
            // but Proposed and DeclinedBySme, as the engine's track record counts them (MatchingRetrieval.NotAccepted).
            // A bulk load may instead disable these triggers and call refresh_partner_match_profiles() once at the end.
            migrationBuilder.Sql("""
                -- intarray's overlap of sorted integer arrays (retrieval's "shares a word" test), in a schema of its own so
                -- that its operators never replace the built-in ones for int[] elsewhere: used as OPERATOR(intarray.&&).
                CREATE SCHEMA IF NOT EXISTS intarray;
                CREATE EXTENSION IF NOT EXISTS intarray WITH SCHEMA intarray;

                CREATE VIEW partner_match_profile_source AS
                SELECT t.code AS technology_code, o.id AS partner_id, o.country_code::varchar(2) AS country_code, o.partner_type_code,
                       o.cooperation_types, o.trl_min::smallint AS trl_min, o.trl_max::smallint AS trl_max, o.linked_institutes, o.technology_codes,
                       coalesce((SELECT array_agg(DISTINCT hashtext(s)) FROM unnest(o.search_terms) AS s), '{}') AS term_hashes
                FROM overseas_partners o
                CROSS JOIN LATERAL (SELECT DISTINCT unnest(o.technology_codes) AS code) AS t
                WHERE o.is_active;

                -- Every partner's rows again, the track record counted in one pass over matches (after a bulk load).
                CREATE FUNCTION refresh_partner_match_profiles() RETURNS bigint LANGUAGE plpgsql AS $$
                DECLARE written bigint;
                BEGIN
                    TRUNCATE partner_match_profiles;
                    INSERT INTO partner_match_profiles (technology_code, partner_id, country_code, partner_type_code, cooperation_types, trl_min, trl_max, linked_institutes, technology_codes, term_hashes, accepted_matches, agreements)
                    SELECT s.technology_code, s.partner_id, s.country_code, s.partner_type_code, s.cooperation_types, s.trl_min, s.trl_max, s.linked_institutes, s.technology_codes, s.term_hashes, coalesce(m.accepted, 0), coalesce(m.agreements, 0)
                    FROM partner_match_profile_source s
                    LEFT JOIN (SELECT partner_id,
                                      count(*) FILTER (WHERE status NOT IN ('Proposed', 'DeclinedBySme'))::int AS accepted,
                                      count(*) FILTER (WHERE status = 'Agreement')::int AS agreements
                               FROM matches GROUP BY partner_id) AS m ON m.partner_id = s.partner_id;
                    GET DIAGNOSTICS written = ROW_COUNT;
                    RETURN written;
                END $$;

                CREATE FUNCTION partner_match_profiles_on_partners_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO partner_match_profiles (technology_code, partner_id, country_code, partner_type_code, cooperation_types, trl_min, trl_max, linked_institutes, technology_codes, term_hashes, accepted_matches, agreements)
                    SELECT s.technology_code, s.partner_id, s.country_code, s.partner_type_code, s.cooperation_types, s.trl_min, s.trl_max, s.linked_institutes, s.technology_codes, s.term_hashes,
                           (SELECT count(*) FROM matches m WHERE m.partner_id = s.partner_id AND m.status NOT IN ('Proposed', 'DeclinedBySme'))::int,
                           (SELECT count(*) FROM matches m WHERE m.partner_id = s.partner_id AND m.status = 'Agreement')::int
                    FROM partner_match_profile_source s WHERE s.partner_id IN (SELECT id FROM new_partners);
                    RETURN NULL;
                END $$;

                -- Only partners whose retrieval fields changed: an edit of the website or the contact leaves their rows alone.
                CREATE FUNCTION partner_match_profiles_on_partners_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM partner_match_profiles p
                    USING new_partners n JOIN old_partners o ON o.id = n.id
                    WHERE p.partner_id = n.id
                      AND (n.is_active, n.country_code, n.partner_type_code, n.cooperation_types, n.trl_min, n.trl_max, n.linked_institutes,
                           n.technology_codes, n.search_terms)
                          IS DISTINCT FROM (o.is_active, o.country_code, o.partner_type_code, o.cooperation_types, o.trl_min, o.trl_max,
                           o.linked_institutes, o.technology_codes, o.search_terms);
                    INSERT INTO partner_match_profiles (technology_code, partner_id, country_code, partner_type_code, cooperation_types, trl_min, trl_max, linked_institutes, technology_codes, term_hashes, accepted_matches, agreements)
                    SELECT s.technology_code, s.partner_id, s.country_code, s.partner_type_code, s.cooperation_types, s.trl_min, s.trl_max, s.linked_institutes, s.technology_codes, s.term_hashes,
                           (SELECT count(*) FROM matches m WHERE m.partner_id = s.partner_id AND m.status NOT IN ('Proposed', 'DeclinedBySme'))::int,
                           (SELECT count(*) FROM matches m WHERE m.partner_id = s.partner_id AND m.status = 'Agreement')::int
                    FROM partner_match_profile_source s
                    WHERE s.partner_id IN (
                        SELECT n.id FROM new_partners n JOIN old_partners o ON o.id = n.id
                        WHERE (n.is_active, n.country_code, n.partner_type_code, n.cooperation_types, n.trl_min, n.trl_max, n.linked_institutes,
                               n.technology_codes, n.search_terms)
                              IS DISTINCT FROM (o.is_active, o.country_code, o.partner_type_code, o.cooperation_types, o.trl_min, o.trl_max,
                               o.linked_institutes, o.technology_codes, o.search_terms));
                    RETURN NULL;
                END $$;

                CREATE FUNCTION partner_match_profiles_on_partners_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM partner_match_profiles p USING old_partners o WHERE p.partner_id = o.id;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION partner_match_profiles_on_partners_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    TRUNCATE partner_match_profiles;
                    RETURN NULL;
                END $$;

                -- The change of each partner's accepted matches and agreements, added to its rows (an increment, so two
                -- transactions changing matches of one partner at once both count). The partners are first locked FOR SHARE
                -- (in id order): an edit of a partner, which rewrites its rows and recounts, waits for this transaction, and
                -- this one waits for an edit under way, so neither change is lost.
                CREATE FUNCTION partner_match_profiles_on_matches_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    changed_ids uuid[];
                    accepted_changes int[];
                    agreement_changes int[];
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        SELECT array_agg(d.partner_id ORDER BY d.partner_id), array_agg(d.accepted ORDER BY d.partner_id), array_agg(d.agreements ORDER BY d.partner_id)
                        INTO changed_ids, accepted_changes, agreement_changes
                        FROM (SELECT partner_id,
                                     count(*) FILTER (WHERE status NOT IN ('Proposed', 'DeclinedBySme'))::int AS accepted,
                                     count(*) FILTER (WHERE status = 'Agreement')::int AS agreements
                              FROM new_matches GROUP BY partner_id) AS d
                        WHERE d.accepted <> 0 OR d.agreements <> 0;
                    ELSIF TG_OP = 'UPDATE' THEN
                        SELECT array_agg(d.partner_id ORDER BY d.partner_id), array_agg(d.accepted ORDER BY d.partner_id), array_agg(d.agreements ORDER BY d.partner_id)
                        INTO changed_ids, accepted_changes, agreement_changes
                        FROM (SELECT partner_id, sum(x.accepted)::int AS accepted, sum(x.agreements)::int AS agreements
                              FROM (SELECT partner_id, (status NOT IN ('Proposed', 'DeclinedBySme'))::int AS accepted, (status = 'Agreement')::int AS agreements
                                    FROM new_matches
                                    UNION ALL
                                    SELECT partner_id, -(status NOT IN ('Proposed', 'DeclinedBySme'))::int, -(status = 'Agreement')::int
                                    FROM old_matches) AS x
                              GROUP BY partner_id) AS d
                        WHERE d.accepted <> 0 OR d.agreements <> 0;
                    ELSE
                        SELECT array_agg(d.partner_id ORDER BY d.partner_id), array_agg(-d.accepted ORDER BY d.partner_id), array_agg(-d.agreements ORDER BY d.partner_id)
                        INTO changed_ids, accepted_changes, agreement_changes
                        FROM (SELECT partner_id,
                                     count(*) FILTER (WHERE status NOT IN ('Proposed', 'DeclinedBySme'))::int AS accepted,
                                     count(*) FILTER (WHERE status = 'Agreement')::int AS agreements
                              FROM old_matches GROUP BY partner_id) AS d
                        WHERE d.accepted <> 0 OR d.agreements <> 0;
                    END IF;

                    IF changed_ids IS NULL THEN
                        RETURN NULL;
                    END IF;

                    PERFORM 1 FROM overseas_partners o WHERE o.id = ANY (changed_ids) ORDER BY o.id FOR SHARE;
                    UPDATE partner_match_profiles p SET accepted_matches = p.accepted_matches + d.accepted, agreements = p.agreements + d.agreements
                    FROM unnest(changed_ids, accepted_changes, agreement_changes) AS d(partner_id, accepted, agreements)
                    WHERE p.partner_id = d.partner_id;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER partner_match_profiles_insert AFTER INSERT ON overseas_partners
                    REFERENCING NEW TABLE AS new_partners FOR EACH STATEMENT EXECUTE FUNCTION partner_match_profiles_on_partners_insert();
                CREATE TRIGGER partner_match_profiles_update AFTER UPDATE ON overseas_partners
                    REFERENCING OLD TABLE AS old_partners NEW TABLE AS new_partners FOR EACH STATEMENT EXECUTE FUNCTION partner_match_profiles_on_partners_update();
                CREATE TRIGGER partner_match_profiles_delete AFTER DELETE ON overseas_partners
                    REFERENCING OLD TABLE AS old_partners FOR EACH STATEMENT EXECUTE FUNCTION partner_match_profiles_on_partners_delete();
                CREATE TRIGGER partner_match_profiles_truncate AFTER TRUNCATE ON overseas_partners
                    FOR EACH STATEMENT EXECUTE FUNCTION partner_match_profiles_on_partners_truncate();
                CREATE TRIGGER partner_match_profiles_insert AFTER INSERT ON matches
                    REFERENCING NEW TABLE AS new_matches FOR EACH STATEMENT EXECUTE FUNCTION partner_match_profiles_on_matches_change();
                CREATE TRIGGER partner_match_profiles_update AFTER UPDATE ON matches
                    REFERENCING OLD TABLE AS old_matches NEW TABLE AS new_matches FOR EACH STATEMENT EXECUTE FUNCTION partner_match_profiles_on_matches_change();
                CREATE TRIGGER partner_match_profiles_delete AFTER DELETE ON matches
                    REFERENCING OLD TABLE AS old_matches FOR EACH STATEMENT EXECUTE FUNCTION partner_match_profiles_on_matches_change();

                -- The partners already stored.
                SELECT refresh_partner_match_profiles();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER partner_match_profiles_insert ON matches;
                DROP TRIGGER partner_match_profiles_update ON matches;
                DROP TRIGGER partner_match_profiles_delete ON matches;
                DROP TRIGGER partner_match_profiles_insert ON overseas_partners;
                DROP TRIGGER partner_match_profiles_update ON overseas_partners;
                DROP TRIGGER partner_match_profiles_delete ON overseas_partners;
                DROP TRIGGER partner_match_profiles_truncate ON overseas_partners;
                DROP FUNCTION partner_match_profiles_on_matches_change();
                DROP FUNCTION partner_match_profiles_on_partners_insert();
                DROP FUNCTION partner_match_profiles_on_partners_update();
                DROP FUNCTION partner_match_profiles_on_partners_delete();
                DROP FUNCTION partner_match_profiles_on_partners_truncate();
                DROP FUNCTION refresh_partner_match_profiles();
                DROP VIEW partner_match_profile_source;
                DROP EXTENSION IF EXISTS intarray;
                DROP SCHEMA IF EXISTS intarray;
                """);

            migrationBuilder.DropTable(
                name: "partner_match_profiles");

            migrationBuilder.DropIndex(
                name: "ix_request_contributors_organization_code_request_id",
                table: "request_contributors");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_open_preferred_countries",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_open_sector_code",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_open_status_changed_at",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_partnership_requests_open_technology_codes",
                table: "partnership_requests");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_is_active_name_id",
                table: "overseas_partners");

            migrationBuilder.DropIndex(
                name: "ix_overseas_partners_name_trgm",
                table: "overseas_partners");

            migrationBuilder.RenameIndex(
                name: "ix_overseas_partners_name_ko_trgm",
                table: "overseas_partners",
                newName: "ix_overseas_partners_name_ko");

            migrationBuilder.CreateIndex(
                name: "ix_request_contributors_organization_code",
                table: "request_contributors",
                column: "organization_code");
        }
    }
}
