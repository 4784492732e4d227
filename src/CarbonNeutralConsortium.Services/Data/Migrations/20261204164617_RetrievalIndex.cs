using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class RetrievalIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_partner_match_profiles_retrieval",
                table: "partner_match_profiles");

            // The change log of partner_match_profiles, read by the in-memory index of retrieval (PartnerProfileIndex): the
            // partners whose profile rows a transaction inserted, updated or deleted, with the transaction's id, so that an
            // index knows exactly which changes its PostgreSQL snapshot could not see (pg_visible_in_snapshot), even when
            // transactions commit out of order. A NULL partner: the table was truncated (read everything again). Written
            // by statement-level triggers, so a bulk refresh of 100,000 partners logs once (a TRUNCATE marker; the
            // INSERT that follows in the same transaction adds nothing). Rows older than a day are pruned by the app.
            migrationBuilder.Sql("""
                CREATE TABLE partner_profile_changes (
                    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_partner_profile_changes PRIMARY KEY,
                    partner_id uuid,
                    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                    changed_at timestamptz NOT NULL DEFAULT now());
                CREATE INDEX ix_partner_profile_changes_xid ON partner_profile_changes (xid);
                CREATE INDEX ix_partner_profile_changes_changed_at ON partner_profile_changes (changed_at);

                CREATE FUNCTION partner_profile_changes_truncated_here() RETURNS boolean LANGUAGE sql STABLE AS $$
                    SELECT EXISTS (SELECT 1 FROM partner_profile_changes WHERE xid = pg_current_xact_id() AND partner_id IS NULL)
                $$;

                CREATE FUNCTION partner_profile_changes_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT partner_profile_changes_truncated_here() THEN
                        INSERT INTO partner_profile_changes (partner_id) SELECT DISTINCT partner_id FROM new_rows;
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION partner_profile_changes_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT partner_profile_changes_truncated_here() THEN
                        INSERT INTO partner_profile_changes (partner_id)
                        SELECT partner_id FROM new_rows UNION SELECT partner_id FROM old_rows;
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION partner_profile_changes_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT partner_profile_changes_truncated_here() THEN
                        INSERT INTO partner_profile_changes (partner_id) SELECT DISTINCT partner_id FROM old_rows;
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION partner_profile_changes_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO partner_profile_changes (partner_id) VALUES (NULL);
                    RETURN NULL;
                END $$;

                CREATE TRIGGER partner_profile_changes_insert AFTER INSERT ON partner_match_profiles
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION partner_profile_changes_on_insert();
                CREATE TRIGGER partner_profile_changes_update AFTER UPDATE ON partner_match_profiles
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION partner_profile_changes_on_update();
                CREATE TRIGGER partner_profile_changes_delete AFTER DELETE ON partner_match_profiles
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION partner_profile_changes_on_delete();
                CREATE TRIGGER partner_profile_changes_truncate AFTER TRUNCATE ON partner_match_profiles
                    FOR EACH STATEMENT EXECUTE FUNCTION partner_profile_changes_on_truncate();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER partner_profile_changes_insert ON partner_match_profiles;
                DROP TRIGGER partner_profile_changes_update ON partner_match_profiles;
                DROP TRIGGER partner_profile_changes_delete ON partner_match_profiles;
                DROP TRIGGER partner_profile_changes_truncate ON partner_match_profiles;
                DROP FUNCTION partner_profile_changes_on_insert();
                DROP FUNCTION partner_profile_changes_on_update();
                DROP FUNCTION partner_profile_changes_on_delete();
                DROP FUNCTION partner_profile_changes_on_truncate();
                DROP FUNCTION partner_profile_changes_truncated_here();
                DROP TABLE partner_profile_changes;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_partner_match_profiles_retrieval",
                table: "partner_match_profiles",
                column: "technology_code")
                .Annotation("Npgsql:IndexInclude", new[] { "partner_id", "country_code", "partner_type_code", "cooperation_types", "trl_min", "trl_max", "linked_institutes", "technology_codes", "term_hashes", "accepted_matches", "agreements" });
        }
    }
}
