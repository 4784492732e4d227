using CarbonNeutralConsortium.Services.Dashboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonNeutralConsortium.Services.Data.Configurations;

/// <summary>The statistics' facts: written only by <see cref="StatsRefreshService"/>'s SQL, read by the drill-down lists.</summary>
internal sealed class StatsRequestFactConfiguration : IEntityTypeConfiguration<StatsRequestFact>
{
    public void Configure(EntityTypeBuilder<StatsRequestFact> entity)
    {
        entity.ToTable("stats_request_facts");
        entity.HasKey(e => e.RequestId);
        entity.Property(e => e.Status).HasMaxLength(32);
        entity.Property(e => e.SectorCode).HasMaxLength(64);
        entity.Property(e => e.Institute).HasMaxLength(64);
        entity.Property(e => e.CooperationTypeCode).HasMaxLength(64);

        // The drill-down lists: a period of submissions or of a stage reached, newest first, optionally by institute.
        entity.HasIndex(e => new { e.SubmittedAt, e.RequestId });
        entity.HasIndex(e => new { e.Institute, e.SubmittedAt, e.RequestId });
        entity.HasIndex(e => e.ReviewedAt);
        entity.HasIndex(e => e.MatchingAt);
        entity.HasIndex(e => e.ProposedAt);
        entity.HasIndex(e => e.ConnectedAt);
        entity.HasIndex(e => e.AgreementAt);
        entity.HasIndex(e => e.RespondedAt);
        entity.HasIndex(e => new { e.SectorCode, e.SubmittedAt, e.RequestId });
        entity.HasIndex(e => e.Areas).HasMethod("gin");
        entity.HasIndex(e => e.Countries).HasMethod("gin");

        // The refresh reads again every request still waiting for a first response (a day passing can breach it).
        entity.HasIndex(e => e.RequestId).HasFilter("status = 'Submitted' AND responded_at IS NULL")
            .HasDatabaseName("ix_stats_request_facts_waiting");
    }
}

/// <summary>The dashboards' rollups: small (a row per kind, month, sector, institute and code), read by month range.</summary>
internal sealed class StatsRollupConfiguration : IEntityTypeConfiguration<StatsRollup>
{
    public void Configure(EntityTypeBuilder<StatsRollup> entity)
    {
        entity.ToTable("stats_rollups");
        entity.HasNoKey();
        entity.Property(e => e.Kind).HasMaxLength(32);
        entity.Property(e => e.SectorCode).HasMaxLength(64);
        entity.Property(e => e.Institute).HasMaxLength(64);
        entity.Property(e => e.Code).HasMaxLength(64);
        entity.HasIndex(e => new { e.Month, e.Kind }).HasDatabaseName("ix_stats_rollups_month_kind");

        // A dashboard reads one level (a sector or all, an institute or all) over a period: an index-only range.
        entity.HasIndex(e => new { e.SectorCode, e.Institute, e.Month }).IncludeProperties(e => new { e.Kind, e.Code, e.Value })
            .HasDatabaseName("ix_stats_rollups_level");

        // One row per figure: a refresh adds its changes to it (NULLS NOT DISTINCT: the partners' rows have no month).
        entity.HasIndex(e => new { e.Kind, e.Month, e.SectorCode, e.Institute, e.Code }).IsUnique().AreNullsDistinct(false)
            .HasDatabaseName("ux_stats_rollups_figure");
    }
}

internal sealed class StatsMatchFactConfiguration : IEntityTypeConfiguration<StatsMatchFact>
{
    public void Configure(EntityTypeBuilder<StatsMatchFact> entity)
    {
        entity.ToTable("stats_match_facts");
        entity.HasKey(e => e.MatchId);
        entity.Property(e => e.SectorCode).HasMaxLength(64);
        entity.Property(e => e.Institute).HasMaxLength(64);
        entity.Property(e => e.Status).HasMaxLength(32);
        entity.Property(e => e.DeclineReason).HasMaxLength(32);
        entity.HasIndex(e => e.RequestId);
        entity.HasIndex(e => new { e.Month, e.MatchId });
        entity.HasIndex(e => new { e.Institute, e.Month, e.MatchId });
    }
}

internal sealed class StatsCalendarDayConfiguration : IEntityTypeConfiguration<StatsCalendarDay>
{
    public void Configure(EntityTypeBuilder<StatsCalendarDay> entity)
    {
        entity.ToTable("stats_calendar");
        entity.HasKey(e => e.Day);
    }
}

internal sealed class StatsStateConfiguration : IEntityTypeConfiguration<StatsState>
{
    public void Configure(EntityTypeBuilder<StatsState> entity)
    {
        entity.ToTable("stats_state");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
    }
}

internal sealed class DeletedTechnologyCodeConfiguration : IEntityTypeConfiguration<Admin.DeletedTechnologyCode>
{
    public void Configure(EntityTypeBuilder<Admin.DeletedTechnologyCode> entity)
    {
        entity.ToTable("deleted_technology_codes");
        entity.HasKey(e => e.Code);
        entity.Property(e => e.Code).HasMaxLength(64);
    }
}
