using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataRights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_sign_in_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "personal_data_views",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    viewer_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    viewer_organization_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    records = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personal_data_views", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_last_sign_in_at",
                table: "users",
                column: "last_sign_in_at");

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_views_at",
                table: "personal_data_views",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_views_subject_id_at",
                table: "personal_data_views",
                columns: new[] { "subject_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_views_viewer_user_id_at",
                table: "personal_data_views",
                columns: new[] { "viewer_user_id", "at" });

            // Audit entries name a person by user id only from now on (the name is read from the account when shown, so
            // erasing a person needs no change to the append-only log). Names already written are removed once, here,
            // by the schema owner: the append-only trigger is lifted for this one statement inside the migration's
            // transaction, and no code path of the app can do the same.
            migrationBuilder.Sql("""
                ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
                UPDATE audit_entries SET actor_name = '' WHERE actor_user_id IS NOT NULL AND actor_name <> '';
                ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "personal_data_views");

            migrationBuilder.DropIndex(
                name: "ix_users_last_sign_in_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "last_sign_in_at",
                table: "users");
        }
    }
}
