namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>
/// One submitted request as the statistics see it (see <see cref="StatsSql"/> for the definitions), rebuilt with the
/// rollups by <see cref="StatsRefreshService"/>. The drill-down lists read it, so a list always matches its figure.
/// </summary>
public sealed class StatsRequestFact
{
    private StatsRequestFact() { }

    public Guid RequestId { get; private set; }

    /// <summary>The first day of the month (KST) of the first submission.</summary>
    public DateOnly Month { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public string? SectorCode { get; private set; }

    /// <summary>The lead institute.</summary>
    public string? Institute { get; private set; }

    public string? CooperationTypeCode { get; private set; }

    /// <summary>The top-level technology areas of the request's codes.</summary>
    public List<string> Areas { get; private set; } = [];

    public List<string> Countries { get; private set; } = [];

    public bool Convergence { get; private set; }

    public bool Transferred { get; private set; }

    public string Status { get; private set; } = "";

    public DateTimeOffset? ReviewedAt { get; private set; }

    public DateTimeOffset? MatchingAt { get; private set; }

    public DateTimeOffset? ProposedAt { get; private set; }

    public DateTimeOffset? ConnectedAt { get; private set; }

    public DateTimeOffset? AgreementAt { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public DateTimeOffset? DeclinedAt { get; private set; }

    public DateTimeOffset? ExpiredAt { get; private set; }

    public DateTimeOffset? RespondedAt { get; private set; }

    /// <summary>Business days from the submission to the first response.</summary>
    public int? ResponseDays { get; private set; }

    /// <summary>Business days from the submission to the first proposal of partners.</summary>
    public int? ProposalDays { get; private set; }

    public bool Breach { get; private set; }

    public int Matches { get; private set; }

    public int AcceptedMatches { get; private set; }

    public int DeclinedMatches { get; private set; }
}

/// <summary>One match as the statistics see it: the month it was proposed, its request's sector and lead institute, its status.</summary>
public sealed class StatsMatchFact
{
    private StatsMatchFact() { }

    public Guid MatchId { get; private set; }

    public Guid RequestId { get; private set; }

    public DateOnly Month { get; private set; }

    public string? SectorCode { get; private set; }

    public string? Institute { get; private set; }

    public string Status { get; private set; } = "";

    /// <summary>The company's reason, for a declined match.</summary>
    public string? DeclineReason { get; private set; }
}

/// <summary>A rolled-up figure: (kind, month, sector, lead institute, code) → value (see <see cref="StatsSql.Rollups"/>).</summary>
public sealed class StatsRollup
{
    private StatsRollup() { }

    public string Kind { get; private set; } = "";

    public DateOnly? Month { get; private set; }

    public string? SectorCode { get; private set; }

    public string? Institute { get; private set; }

    public string Code { get; private set; } = "";

    public int Value { get; private set; }
}

/// <summary>A day (KST) and the number of business days up to it: business days between two days = the difference.</summary>
public sealed class StatsCalendarDay
{
    private StatsCalendarDay() { }

    public StatsCalendarDay(DateOnly day, int businessIndex)
    {
        Day = day;
        BusinessIndex = businessIndex;
    }

    public DateOnly Day { get; private set; }

    public int BusinessIndex { get; private set; }
}

/// <summary>The one row that says when the statistics were last rebuilt (the dashboards' "data as of").</summary>
public sealed class StatsState
{
    public const int SingleId = 1;

    private StatsState() { }

    public int Id { get; private set; } = SingleId;

    /// <summary>The moment the data was read at (the refresh transaction's start).</summary>
    public DateTimeOffset RefreshedAt { get; private set; }

    public int DurationMs { get; private set; }

    public int Requests { get; private set; }

    /// <summary>Changes made since this moment (less an overlap) are read by the next refresh.</summary>
    public DateTimeOffset Watermark { get; private set; }
}
