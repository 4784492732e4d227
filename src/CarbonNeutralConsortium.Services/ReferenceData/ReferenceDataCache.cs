using System.Collections.Frozen;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.ReferenceData;

/// <summary>A technology area with its parent (null for a top-level area), in taxonomy order.</summary>
public sealed record ReferenceTechnology(string Code, string? ParentCode, string NameKo, string NameEn) : IBilingualName;

/// <summary>
/// Every reference table (organizations, sectors, the technology taxonomy and its experts, countries, partner types,
/// cooperation types) as read at one moment: the options of filters and forms and the names of codes, so that pages
/// need no query for them. Immutable; unknown codes show the code.
/// </summary>
public sealed class ReferenceSnapshot
{
    private readonly FrozenDictionary<string, NamedCode> _organizations;
    private readonly FrozenDictionary<string, NamedCode> _sectors;
    private readonly FrozenDictionary<string, NamedCode> _technologies;
    private readonly FrozenDictionary<string, NamedCode> _countries;
    private readonly FrozenDictionary<string, NamedCode> _partnerTypes;
    private readonly FrozenDictionary<string, NamedCode> _cooperationTypes;

    internal ReferenceSnapshot(IReadOnlyList<ReferenceDataCache.Row> rows, DateTimeOffset loadedAt)
    {
        LoadedAt = loadedAt;
        List<ReferenceDataCache.Row> Of(string kind) =>
            [.. rows.Where(r => r.Kind == kind).OrderBy(r => r.Sort).ThenBy(r => r.Code, StringComparer.Ordinal)];
        static NamedCode Named(ReferenceDataCache.Row r) => new(r.Code, r.NameKo, r.NameEn);

        var organizations = Of(ReferenceDataCache.Organization);
        Organizations = [.. organizations.Select(Named)];
        Institutes = [.. organizations.Where(o => o.Extra == nameof(OrganizationKind.Institute)).Select(Named)];
        var sectors = Of(ReferenceDataCache.Sector);
        Sectors = [.. sectors.Select(Named)];
        var technology = Of(ReferenceDataCache.Technology);
        Technologies = [.. technology.Select(t => new ReferenceTechnology(t.Code, t.Extra, t.NameKo, t.NameEn))];
        Countries = [.. rows.Where(r => r.Kind == ReferenceDataCache.Country).OrderBy(r => r.NameKo, StringComparer.Ordinal).Select(Named)];
        PartnerTypes = [.. Of(ReferenceDataCache.PartnerType).Select(Named)];
        CooperationTypes = [.. Of(ReferenceDataCache.CooperationType).Select(Named)];

        _organizations = Organizations.ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);
        _sectors = Sectors.ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);
        _technologies = technology.Select(Named).ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);
        _countries = Countries.ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);
        _partnerTypes = PartnerTypes.ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);
        _cooperationTypes = CooperationTypes.ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);

        // The consortium as the home and institutes pages show it: each organization with the sectors it leads and its areas of expertise.
        var experts = rows.Where(r => r.Kind == ReferenceDataCache.Expert).ToList();
        Consortium = [.. organizations.Select(o => new OrganizationView(
            o.Code,
            o.Extra == nameof(OrganizationKind.Coordinator) ? OrganizationKind.Coordinator : OrganizationKind.Institute,
            o.NameKo,
            o.NameEn,
            [.. sectors.Where(s => s.Extra == o.Code).Select(s => new CodeName(s.Code, s.NameKo, s.NameEn))],
            [.. technology.Where(t => experts.Any(e => e.Code == t.Code && e.Extra == o.Code)).Select(t => new TechnologyAreaView(t.Code, t.Extra, t.NameKo, t.NameEn))]))];

        // The partner registry's view of the same data (countries by English name, leaves grouped under their areas).
        Partners = new PartnerReference(
            [.. Countries.OrderBy(c => c.NameEn, StringComparer.Ordinal)],
            PartnerTypes,
            [.. Technologies.Where(a => a.ParentCode is null)
                .Select(a => new Partners.TechnologyGroup(new NamedCode(a.Code, a.NameKo, a.NameEn),
                    [.. Technologies.Where(l => l.ParentCode == a.Code).Select(l => new NamedCode(l.Code, l.NameKo, l.NameEn))]))
                .Where(g => g.Leaves.Count > 0)],
            CooperationTypes,
            Institutes,
            [.. Institutes, .. Organizations.Where(o => !Institutes.Contains(o))]);
    }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Every organization (institutes and the coordinating agency), in their order.</summary>
    public IReadOnlyList<NamedCode> Organizations { get; }

    /// <summary>The sector institutes, in their order.</summary>
    public IReadOnlyList<NamedCode> Institutes { get; }

    public IReadOnlyList<NamedCode> Sectors { get; }

    /// <summary>The whole taxonomy, top-level areas and leaves, in taxonomy order.</summary>
    public IReadOnlyList<ReferenceTechnology> Technologies { get; }

    /// <summary>Countries by Korean name.</summary>
    public IReadOnlyList<NamedCode> Countries { get; }

    public IReadOnlyList<NamedCode> PartnerTypes { get; }

    public IReadOnlyList<NamedCode> CooperationTypes { get; }

    public IReadOnlyList<OrganizationView> Consortium { get; }

    public PartnerReference Partners { get; }

    public NamedCode Organization(string code) => Named(_organizations, code);

    public NamedCode Sector(string code) => Named(_sectors, code);

    public NamedCode Technology(string code) => Named(_technologies, code);

    public NamedCode Country(string code) => Named(_countries, code);

    public NamedCode PartnerType(string code) => Named(_partnerTypes, code);

    public NamedCode CooperationType(string code) => Named(_cooperationTypes, code);

    public bool IsSector(string code) => _sectors.ContainsKey(code);

    public bool IsTechnology(string code) => _technologies.ContainsKey(code);

    public bool IsCountry(string code) => _countries.ContainsKey(code);

    private static NamedCode Named(FrozenDictionary<string, NamedCode> names, string code) =>
        names.TryGetValue(code, out var named) ? named : new NamedCode(code, code, code);
}

/// <summary>
/// The reference data in memory (a singleton): read in one query the first time it is needed, then served from memory
/// and read again in the background once it is older than <see cref="RefreshAfter"/>, so that names an admin edits reach
/// every app instance within minutes while no page spends a round trip on them. PostgreSQL stays the only source of
/// truth; this is a read-through copy.
/// </summary>
public sealed class ReferenceDataCache(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReferenceDataCache> logger)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(5);

    internal const string Organization = "O";
    internal const string Sector = "S";
    internal const string Technology = "T";
    internal const string Country = "C";
    internal const string PartnerType = "P";
    internal const string CooperationType = "K";
    internal const string Expert = "E";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile ReferenceSnapshot? _current;
    private int _refreshing;

    /// <summary>The current snapshot; only the very first call of the process waits for the database.</summary>
    public async ValueTask<ReferenceSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } current)
        {
            if (clock.GetUtcNow() - current.LoadedAt > RefreshAfter)
            {
                RefreshInBackground();
            }

            return current;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _current ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the snapshot: the next call reads the reference data again (after a change to it).</summary>
    public void Invalidate() => _current = null;

    private void RefreshInBackground()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        // Not in the flow of the request that noticed: its logging scope, its cancellation and its accounting stay its own.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    _current = await LoadAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException or System.Data.Common.DbException)
                {
                    // The old snapshot stays in use; the next request past the refresh time tries again.
                    logger.LogWarning(e, "Reading the reference data again failed; the copy from {LoadedAt} stays in use", _current?.LoadedAt);
                }
                finally
                {
                    Volatile.Write(ref _refreshing, 0);
                }
            });
        }
    }

    private async Task<ReferenceSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();

        // One round trip for the seven tables.
        var rows = await db.Organizations.AsNoTracking()
            .Select(o => new { Kind = Organization, o.Code, Extra = (string?)(o.Kind == OrganizationKind.Institute ? "Institute" : "Coordinator"), o.NameKo, o.NameEn, Sort = o.SortOrder })
            .Concat(db.Sectors.AsNoTracking().Select(s => new { Kind = Sector, s.Code, Extra = (string?)s.LeadOrganizationCode, s.NameKo, s.NameEn, Sort = s.SortOrder }))
            .Concat(db.TechnologyAreas.AsNoTracking().Select(t => new { Kind = Technology, t.Code, Extra = t.ParentCode, t.NameKo, t.NameEn, Sort = t.SortOrder }))
            .Concat(db.Countries.AsNoTracking().Select(c => new { Kind = Country, c.Code, Extra = (string?)null, c.NameKo, c.NameEn, Sort = 0 }))
            .Concat(db.PartnerTypes.AsNoTracking().Select(p => new { Kind = PartnerType, p.Code, Extra = (string?)null, p.NameKo, p.NameEn, Sort = p.SortOrder }))
            .Concat(db.CooperationTypes.AsNoTracking().Select(k => new { Kind = CooperationType, k.Code, Extra = (string?)null, k.NameKo, k.NameEn, Sort = k.SortOrder }))
            .Concat(db.TechnologyAreaExperts.AsNoTracking().Select(e => new { Kind = Expert, Code = e.TechnologyAreaCode, Extra = (string?)e.OrganizationCode, NameKo = "", NameEn = "", Sort = 0 }))
            .ToListAsync(cancellationToken);
        return new ReferenceSnapshot([.. rows.Select(r => new Row(r.Kind, r.Code, r.Extra, r.NameKo, r.NameEn, r.Sort))], clock.GetUtcNow());
    }

    /// <summary>One row of any reference table: its kind, code, names, order, and one more column (parent, lead, kind, expert).</summary>
    internal sealed record Row(string Kind, string Code, string? Extra, string NameKo, string NameEn, int Sort);
}
