using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CarbonNeutralConsortium.Services.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatsRollupLevels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_stats_rollups_level",
                table: "stats_rollups",
                columns: new[] { "sector_code", "institute", "month" })
                .Annotation("Npgsql:IndexInclude", new[] { "kind", "code", "value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stats_rollups_level",
                table: "stats_rollups");
        }
    }
}
