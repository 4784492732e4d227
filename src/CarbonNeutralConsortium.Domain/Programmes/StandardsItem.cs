namespace CarbonNeutralConsortium.Domain.Programmes;

/// <summary>A standard or a technical regulation.</summary>
public enum StandardKind
{
    Standard,
    TechnicalRegulation,
}

/// <summary>The body that makes the standard or regulation.</summary>
public enum StandardsBody
{
    Iso,
    Iec,
    Itu,
    Cen,
    Cenelec,
    Ieee,
    Astm,
    Government,
    Other,
}

/// <summary>Where the standard or regulation is in its lifecycle, as the consortium follows it.</summary>
public enum StandardStatus
{
    Monitoring,
    Drafting,
    Comment,
    Voting,
    Published,
    Withdrawn,
}

public sealed record StandardsItemData(
    StandardKind Kind,
    StandardsBody Body,
    string Reference,
    string TitleKo,
    string TitleEn,
    IReadOnlyList<string> SectorCodes,
    IReadOnlyList<string> TechnologyCodes,
    StandardStatus Status,
    string LeadOrganizationCode,
    string? KoreaPosition,
    DateOnly? NextDeadline,
    string? NextDeadlineWhat,
    IReadOnlyList<Guid> PlanIds,
    IReadOnlyList<Guid> RequestIds);

/// <summary>
/// A standard or technical regulation the consortium tracks and cooperates on (국제표준·기술규제 협력): its body and
/// reference, the sectors and technology areas it touches, its status, the lead institute, Korea's position and the next deadline.
/// </summary>
public sealed class StandardsItem
{
    public const int ReferenceMaxLength = 100;
    public const int TitleMaxLength = 200;
    public const int PositionMaxLength = 4000;
    public const int DeadlineWhatMaxLength = 200;
    public const int MaxCodes = 20;

    private StandardsItem() { }

    public Guid Id { get; private set; }

    public StandardKind Kind { get; private set; }

    public StandardsBody Body { get; private set; }

    public string Reference { get; private set; } = "";

    public string TitleKo { get; private set; } = "";

    public string TitleEn { get; private set; } = "";

    public List<string> SectorCodes { get; private set; } = [];

    public List<string> TechnologyCodes { get; private set; } = [];

    public StandardStatus Status { get; private set; }

    public string LeadOrganizationCode { get; private set; } = "";

    public string? KoreaPosition { get; private set; }

    public DateOnly? NextDeadline { get; private set; }

    public string? NextDeadlineWhat { get; private set; }

    public List<Guid> PlanIds { get; private set; } = [];

    public List<Guid> RequestIds { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static StandardsItem Create(StandardsItemData data, DateTimeOffset at)
    {
        var item = new StandardsItem { Id = Guid.CreateVersion7(at), CreatedAt = at };
        item.Update(data, at);
        return item;
    }

    public void Update(StandardsItemData data, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(data);
        Kind = data.Kind;
        Body = data.Body;
        Reference = data.Reference.Trim();
        TitleKo = data.TitleKo.Trim();
        TitleEn = data.TitleEn.Trim();
        SectorCodes = [.. data.SectorCodes.Distinct(StringComparer.Ordinal)];
        TechnologyCodes = [.. data.TechnologyCodes.Distinct(StringComparer.Ordinal)];
        Status = data.Status;
        LeadOrganizationCode = data.LeadOrganizationCode;
        KoreaPosition = string.IsNullOrWhiteSpace(data.KoreaPosition) ? null : data.KoreaPosition.Trim();
        NextDeadline = data.NextDeadline;
        NextDeadlineWhat = data.NextDeadline is null || string.IsNullOrWhiteSpace(data.NextDeadlineWhat) ? null : data.NextDeadlineWhat.Trim();
        PlanIds = [.. data.PlanIds.Distinct()];
        RequestIds = [.. data.RequestIds.Distinct()];
        UpdatedAt = at;
    }
}
