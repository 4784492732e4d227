using System.Collections.Concurrent;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// Matching retrieval, in memory: every active partner's <see cref="PartnerMatchProfile"/> (one entry a partner,
/// ~100,000 at national scale, about 40 MB), by technology code and by word. Ordering the partners of a popular leaf
/// (23,000 of them at national scale) by the retrieval estimate takes PostgreSQL 40–120 ms, however the rows are laid
/// out; here it is a loop over a few integers a partner.
/// <para>
/// The profiles table stays the one source: triggers keep it (the Scale migration) and log every partner whose profile
/// rows changed to <c>partner_profile_changes</c> with the writing transaction's id (the RetrievalIndex migration). The
/// index remembers the PostgreSQL snapshot it read at; a refresh reads exactly the changes that snapshot could not
/// see (<c>pg_visible_in_snapshot</c>: a transaction that commits late is never missed) and only those partners' rows.
/// Refreshes happen after every save of this process that touches partners or matches
/// (<see cref="PartnerProfileChangeInterceptor"/>), every second in the web app (<see cref="PartnerProfileIndexRefresher"/>,
/// for the other instances' changes), and on first use. An index whose snapshot is older than
/// <see cref="MaxSnapshotAge"/> reads everything again (the change log keeps a day).
/// </para>
/// Staleness can only change which partners are retrieved: the engine scores them from their rows read with the ranking.
/// </summary>
public sealed partial class PartnerProfileIndex(TimeProvider clock, ILogger<PartnerProfileIndex> logger)
{
    /// <summary>A snapshot older than this is not brought up to date but read again in full.</summary>
    public static readonly TimeSpan MaxSnapshotAge = TimeSpan.FromHours(12);

    /// <summary>
    /// Partners kept for one word in the index by word (tier 3 takes at most 50 partners of other areas sharing a word,
    /// in any order): a word every partner has would otherwise cost 100,000 entries. The first ones by id are kept.
    /// </summary>
    public const int PartnersPerWord = 2_000;

    /// <summary>How long the change log keeps a row (longer than <see cref="MaxSnapshotAge"/>).</summary>
    public static readonly TimeSpan ChangeRetention = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CodeTable codes = new();
    private volatile ProfileSet? current;

    /// <summary>The partners in the index (after the first load; 0 before).</summary>
    public int Count => current?.Partners.Count ?? 0;

    /// <summary>When the index last read the database (null before the first load).</summary>
    public DateTimeOffset? ReadAt => current?.ReadAt;

    /// <summary>The term hashes the index holds for a partner (null: not in the index, i.e. inactive, deleted or unseen).</summary>
    internal IReadOnlyList<int>? TermHashesOf(Guid partnerId) => current is { } set && set.Partners.TryGetValue(partnerId, out var p) ? p.TermHashes : null;

    /// <summary>
    /// Brings the index up to date: the partners whose profiles changed since its snapshot (one command), or all of
    /// them on first use, after a TRUNCATE or when the snapshot is too old. Returns how many partners were read again.
    /// </summary>
    public async Task<int> RefreshAsync(ConsortiumDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var set = current;
            if (set is null || IsTooOld(set))
            {
                current = await LoadAllAsync(db, cancellationToken);
                return current.Partners.Count;
            }

            var rows = await db.Database.SqlQueryRaw<ProfileRow>(ChangesSql, new NpgsqlParameter("snapshot", NpgsqlDbType.Text) { Value = set.PgSnapshot })
                .ToListAsync(cancellationToken);
            var head = rows.Single(r => r.Head);
            if (head.ReloadAll == true)
            {
                current = await LoadAllAsync(db, cancellationToken);
                return current.Partners.Count;
            }

            var changed = rows.Where(r => !r.Head).ToList();
            current = changed.Count == 0
                ? set.At(head.Snapshot!, clock.GetUtcNow())
                : set.With([.. changed.Select(ToProfile).OfType<Profile>()], [.. changed.Select(r => r.PartnerId!.Value)], head.Snapshot!, clock.GetUtcNow());
            if (changed.Count > 0)
            {
                LogChanges(logger, changed.Count);
            }

            return changed.Count;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deletes change-log rows older than <see cref="ChangeRetention"/> (any instance may; it is idempotent).</summary>
    public static Task<int> PruneAsync(ConsortiumDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlRawAsync("DELETE FROM partner_profile_changes WHERE changed_at < @before",
            [new NpgsqlParameter("before", NpgsqlDbType.TimestampTz) { Value = (now - ChangeRetention).UtcDateTime }], cancellationToken);
    }

    /// <summary>
    /// Retrieval's three tiers (see <see cref="MatchingRetrieval.Candidates"/>): the partners of the exact leaves
    /// ordered by the estimate, best first, at most <see cref="RetrievalQuery.Limit"/>; then up to
    /// <see cref="MatchingRetrieval.SameAreaLimit"/> partners of sibling leaves sharing a word (leaf, then id order); then
    /// up to <see cref="MatchingRetrieval.OtherAreaLimit"/> partners of other areas sharing a word (heaviest word first).
    /// The engine's hard filters that retrieval can apply are applied.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> RetrieveAsync(ConsortiumDbContext db, RetrievalQuery query, CancellationToken cancellationToken)
    {
        var set = current;
        if (set is null || IsTooOld(set))
        {
            set = await LoadIfNeededAsync(db, cancellationToken);
        }

        return set.Retrieve(new PreparedQuery(query, codes));
    }

    private bool IsTooOld(ProfileSet set) => clock.GetUtcNow() - set.ReadAt >= MaxSnapshotAge;

    /// <summary>Reads everything unless another caller did while this one waited (first use, or a snapshot too old).</summary>
    private async Task<ProfileSet> LoadIfNeededAsync(ConsortiumDbContext db, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var set = current;
            if (set is null || IsTooOld(set))
            {
                current = set = await LoadAllAsync(db, cancellationToken);
            }

            return set;
        }
        finally
        {
            gate.Release();
        }
    }

    // ---- Loading ----

    private const string ProfileColumns = """
        p.country_code, p.partner_type_code, p.cooperation_types, p.trl_min, p.trl_max, p.linked_institutes, p.technology_codes, p.term_hashes,
        p.accepted_matches, p.agreements
        """;

    /// <summary>Every partner's profile (its rows differ only in technology_code), with the snapshot read at, in one statement.</summary>
    private const string AllSql = $"""
        SELECT true AS head, NULL::uuid AS partner_id, pg_current_snapshot()::text AS snapshot, false AS reload_all, false AS has_profile,
               NULL::varchar AS country_code, NULL::varchar AS partner_type_code, NULL::text[] AS cooperation_types, NULL::smallint AS trl_min, NULL::smallint AS trl_max,
               NULL::text[] AS linked_institutes, NULL::text[] AS technology_codes, NULL::int[] AS term_hashes, NULL::int AS accepted_matches, NULL::int AS agreements
        UNION ALL
        SELECT false, p.partner_id, NULL, NULL, true, {ProfileColumns}
        FROM (SELECT DISTINCT ON (partner_id) * FROM partner_match_profiles ORDER BY partner_id) AS p
        """;

    /// <summary>
    /// The partners whose profiles changed in transactions the snapshot did not see (a NULL partner: a TRUNCATE, read
    /// everything), each with its profile now (none: inactive or deleted), and the snapshot read at, in one statement.
    /// </summary>
    private const string ChangesSql = $"""
        WITH changed AS (
            SELECT DISTINCT c.partner_id FROM partner_profile_changes c
            WHERE c.xid >= pg_snapshot_xmin(@snapshot::pg_snapshot) AND NOT pg_visible_in_snapshot(c.xid, @snapshot::pg_snapshot))
        SELECT true AS head, NULL::uuid AS partner_id, pg_current_snapshot()::text AS snapshot,
               coalesce((SELECT bool_or(partner_id IS NULL) FROM changed), false) AS reload_all, false AS has_profile,
               NULL::varchar AS country_code, NULL::varchar AS partner_type_code, NULL::text[] AS cooperation_types, NULL::smallint AS trl_min, NULL::smallint AS trl_max,
               NULL::text[] AS linked_institutes, NULL::text[] AS technology_codes, NULL::int[] AS term_hashes, NULL::int AS accepted_matches, NULL::int AS agreements
        UNION ALL
        SELECT false, c.partner_id, NULL, NULL, p.partner_id IS NOT NULL, {ProfileColumns}
        FROM changed c
        LEFT JOIN LATERAL (SELECT * FROM partner_match_profiles p WHERE p.partner_id = c.partner_id LIMIT 1) AS p ON true
        WHERE c.partner_id IS NOT NULL
        """;

    /// <summary>Reads every profile, streamed from one command straight into the index (100,000 rows: no list of rows in between).</summary>
    private async Task<ProfileSet> LoadAllAsync(ConsortiumDbContext db, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = AllSql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            string? snapshot = null;
            var profiles = new List<Profile>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(0))
                {
                    snapshot = reader.GetString(2);
                    continue;
                }

                profiles.Add(new Profile(
                    reader.GetGuid(1),
                    codes.Of(reader.GetString(5).TrimEnd()),
                    codes.Of(reader.GetString(6)),
                    codes.Of(reader.GetFieldValue<string[]>(7)),
                    reader.IsDBNull(8) ? 0 : reader.GetInt16(8),
                    reader.IsDBNull(9) ? 0 : reader.GetInt16(9),
                    codes.Of(reader.GetFieldValue<string[]>(10)),
                    codes.Of(reader.GetFieldValue<string[]>(11).Distinct(StringComparer.Ordinal)),
                    Sorted(reader.GetFieldValue<int[]>(12)),
                    reader.GetInt32(13),
                    reader.GetInt32(14)));
            }

            var set = ProfileSet.Of(profiles, snapshot ?? throw new InvalidOperationException("The profile load returned no snapshot."), clock.GetUtcNow());
            LogLoaded(logger, set.Partners.Count, watch.ElapsedMilliseconds);

            // Once every 12 hours at most: give back what reading 100,000 rows left behind (the previous index among it),
            // so that the process's memory stays near what it keeps.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return set;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static int[] Sorted(int[] hashes)
    {
        Array.Sort(hashes);
        return hashes;
    }

    /// <summary>A row as the index keeps it (codes as small integers), or null for a partner without a profile.</summary>
    private Profile? ToProfile(ProfileRow row) => !row.HasProfile
        ? null
        : new Profile(
            row.PartnerId!.Value,
            codes.Of(row.CountryCode!.TrimEnd()),
            codes.Of(row.PartnerTypeCode!),
            codes.Of(row.CooperationTypes!),
            row.TrlMin ?? 0,
            row.TrlMax ?? 0,
            codes.Of(row.LinkedInstitutes!),
            codes.Of(row.TechnologyCodes!.Distinct(StringComparer.Ordinal)),
            Sorted([.. row.TermHashes!]),
            row.AcceptedMatches ?? 0,
            row.Agreements ?? 0);

    [LoggerMessage(Level = LogLevel.Information, Message = "Matching profile index loaded: {Partners} partners in {Milliseconds} ms")]
    private static partial void LogLoaded(ILogger logger, int partners, long milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Matching profile index: {Partners} partners changed")]
    private static partial void LogChanges(ILogger logger, int partners);

    /// <summary>A row of <see cref="AllSql"/> or <see cref="ChangesSql"/>: the head (snapshot) or a partner.</summary>
    internal sealed class ProfileRow
    {
        public bool Head { get; set; }

        public Guid? PartnerId { get; set; }

        public string? Snapshot { get; set; }

        public bool? ReloadAll { get; set; }

        public bool HasProfile { get; set; }

        public string? CountryCode { get; set; }

        public string? PartnerTypeCode { get; set; }

        public List<string>? CooperationTypes { get; set; }

        public short? TrlMin { get; set; }

        public short? TrlMax { get; set; }

        public List<string>? LinkedInstitutes { get; set; }

        public List<string>? TechnologyCodes { get; set; }

        public List<int>? TermHashes { get; set; }

        public int? AcceptedMatches { get; set; }

        public int? Agreements { get; set; }
    }

    // ---- The index ----

    /// <summary>Codes (countries, types, technology codes, institutes) as small integers: the index compares integers, not strings.</summary>
    private sealed class CodeTable
    {
        private readonly ConcurrentDictionary<string, int> ids = new(StringComparer.Ordinal);
        private readonly Lock assign = new();

        public int Count => ids.Count;

        /// <summary>The code's number, or -1 for a code the index has never seen (no partner has it).</summary>
        public int Find(string? code) => code is not null && ids.TryGetValue(code, out var id) ? id : -1;

        public int Of(string code)
        {
            if (ids.TryGetValue(code, out var id))
            {
                return id;
            }

            lock (assign)
            {
                return ids.GetOrAdd(code, _ => ids.Count);
            }
        }

        public int[] Of(IEnumerable<string> values) => [.. values.Select(Of)];

        /// <summary>A flag per code number for the given codes (codes the index has not seen cannot be any partner's).</summary>
        public bool[] Flags(IEnumerable<string> values)
        {
            var flags = new bool[Count + 1];
            foreach (var value in values)
            {
                var id = Find(value);
                if (id >= 0 && id < flags.Length)
                {
                    flags[id] = true;
                }
            }

            return flags;
        }
    }

    /// <summary>What retrieval weighs of one active partner (see <see cref="PartnerMatchProfile"/>), codes as numbers, term hashes sorted.</summary>
    private sealed record Profile(
        Guid PartnerId, int Country, int Type, int[] Cooperation, int TrlMin, int TrlMax, int[] Linked, int[] Codes, int[] TermHashes, int Accepted, int Agreements);

    /// <summary>An immutable state of the index: partners by id and by technology code (each list in partner id order).</summary>
    private sealed class ProfileSet
    {
        private ProfileSet(Dictionary<Guid, Profile> partners, Dictionary<int, Profile[]> byCode, Dictionary<int, Profile[]> byTerm, string pgSnapshot,
            DateTimeOffset readAt)
        {
            Partners = partners;
            ByCode = byCode;
            ByTerm = byTerm;
            PgSnapshot = pgSnapshot;
            ReadAt = readAt;
        }

        public Dictionary<Guid, Profile> Partners { get; }

        /// <summary>The partners of each technology code, in id order.</summary>
        public Dictionary<int, Profile[]> ByCode { get; }

        /// <summary>The partners of each term hash, in id order (tier 3: partners of other areas sharing a word).</summary>
        public Dictionary<int, Profile[]> ByTerm { get; }

        public string PgSnapshot { get; }

        public DateTimeOffset ReadAt { get; }

        public static ProfileSet Of(List<Profile> profiles, string pgSnapshot, DateTimeOffset readAt)
        {
            profiles.Sort((x, y) => x.PartnerId.CompareTo(y.PartnerId));
            var partners = profiles.ToDictionary(p => p.PartnerId);
            return new ProfileSet(partners, Group(profiles, p => p.Codes, int.MaxValue), Group(profiles, p => p.TermHashes, PartnersPerWord), pgSnapshot, readAt);
        }

        /// <summary>The profiles (in id order) of each key, at most <paramref name="cap"/> a key (the first by id).</summary>
        private static Dictionary<int, Profile[]> Group(List<Profile> profiles, Func<Profile, int[]> keys, int cap)
        {
            var counts = new Dictionary<int, int>();
            foreach (var p in profiles)
            {
                foreach (var key in keys(p))
                {
                    counts[key] = Math.Min(cap, counts.GetValueOrDefault(key) + 1);
                }
            }

            var groups = counts.ToDictionary(c => c.Key, c => new Profile[c.Value]);
            var filled = new Dictionary<int, int>(counts.Count);
            foreach (var p in profiles)
            {
                foreach (var key in keys(p))
                {
                    var at = filled.GetValueOrDefault(key);
                    if (at < cap)
                    {
                        groups[key][at] = p;
                        filled[key] = at + 1;
                    }
                }
            }

            return groups;
        }

        /// <summary>The same partners, read at a later snapshot that saw no change.</summary>
        public ProfileSet At(string pgSnapshot, DateTimeOffset readAt) => new(Partners, ByCode, ByTerm, pgSnapshot, readAt);

        /// <summary>A new state with the changed partners' profiles (a partner without one is removed).</summary>
        public ProfileSet With(IReadOnlyList<Profile> changed, IReadOnlyList<Guid> changedIds, string pgSnapshot, DateTimeOffset readAt)
        {
            var partners = new Dictionary<Guid, Profile>(Partners);
            var removed = new List<Profile>();
            foreach (var id in changedIds)
            {
                if (partners.Remove(id, out var old))
                {
                    removed.Add(old);
                }
            }

            foreach (var profile in changed)
            {
                partners[profile.PartnerId] = profile;
            }

            var ids = changedIds.ToHashSet();
            return new ProfileSet(partners, Update(ByCode, removed, changed, ids, p => p.Codes, int.MaxValue),
                Update(ByTerm, removed, changed, ids, p => p.TermHashes, PartnersPerWord), pgSnapshot, readAt);
        }

        /// <summary>
        /// A copy of the groups with the changed partners' entries replaced (only the touched keys' arrays are rebuilt). A
        /// capped key whose list shrinks does not take back partners beyond the cap until the next full read (12 hours).
        /// </summary>
        private static Dictionary<int, Profile[]> Update(Dictionary<int, Profile[]> groups, List<Profile> removed, IReadOnlyList<Profile> changed,
            HashSet<Guid> ids, Func<Profile, int[]> keys, int cap)
        {
            var touched = new HashSet<int>(removed.SelectMany(keys));
            touched.UnionWith(changed.SelectMany(keys));
            var updated = new Dictionary<int, Profile[]>(groups);
            foreach (var key in touched)
            {
                var kept = (groups.TryGetValue(key, out var list) ? list : []).Where(p => !ids.Contains(p.PartnerId));
                var merged = kept.Concat(changed.Where(p => keys(p).Contains(key))).OrderBy(p => p.PartnerId).Take(cap).ToArray();
                if (merged.Length == 0)
                {
                    updated.Remove(key);
                }
                else
                {
                    updated[key] = merged;
                }
            }

            return updated;
        }

        public List<Guid> Retrieve(PreparedQuery q)
        {
            var retrieved = new List<Guid>(q.Limit + MatchingRetrieval.SameAreaLimit);

            // Tier 1: each partner once (under the first of its codes in the exact list), best estimate first, then id.
            var best = new PriorityQueue<Profile, (double Estimate, Guid Id)>(q.Limit + 1, WorstFirst.Instance);
            for (var leaf = 0; leaf < q.Exact.Length; leaf++)
            {
                if (q.Exact[leaf] < 0 || !ByCode.TryGetValue(q.Exact[leaf], out var partners))
                {
                    continue;
                }

                foreach (var p in partners)
                {
                    if (q.FirstRank(p.Codes, q.ExactRank) != leaf || !q.Passes(p))
                    {
                        continue;
                    }

                    var key = (q.Estimate(p), p.PartnerId);
                    if (best.Count < q.Limit)
                    {
                        best.Enqueue(p, key);
                    }
                    else if (best.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(key, worst) > 0)
                    {
                        best.EnqueueDequeue(p, key);
                    }
                }
            }

            var tier1 = new List<(Profile Profile, (double, Guid) Key)>(best.Count);
            while (best.TryDequeue(out var p, out var key))
            {
                tier1.Add((p, key));
            }

            for (var i = tier1.Count - 1; i >= 0; i--)
            {
                retrieved.Add(tier1[i].Profile.PartnerId);
            }

            // Tier 2: partners of sibling leaves (none of the exact ones) sharing a word, in leaf then id order.
            var tier2 = 0;
            for (var leaf = 0; leaf < q.Siblings.Length && tier2 < MatchingRetrieval.SameAreaLimit; leaf++)
            {
                if (q.Siblings[leaf] < 0 || !ByCode.TryGetValue(q.Siblings[leaf], out var partners))
                {
                    continue;
                }

                foreach (var p in partners)
                {
                    if (q.FirstRank(p.Codes, q.SiblingRank) != leaf || q.FirstRank(p.Codes, q.ExactRank) >= 0 || !q.SharesAWord(p) || !q.Passes(p))
                    {
                        continue;
                    }

                    retrieved.Add(p.PartnerId);
                    if (++tier2 == MatchingRetrieval.SameAreaLimit)
                    {
                        break;
                    }
                }
            }

            // Tier 3: partners of other areas (none of the exact or sibling leaves) sharing a word, the heaviest words first.
            var tier3 = 0;
            var seen = new HashSet<Guid>();
            foreach (var word in q.WordsByWeight)
            {
                if (!ByTerm.TryGetValue(word, out var partners))
                {
                    continue;
                }

                foreach (var p in partners)
                {
                    if (q.FirstRank(p.Codes, q.ExactRank) >= 0 || q.FirstRank(p.Codes, q.SiblingRank) >= 0 || !q.Passes(p) || !seen.Add(p.PartnerId))
                    {
                        continue;
                    }

                    retrieved.Add(p.PartnerId);
                    if (++tier3 == MatchingRetrieval.OtherAreaLimit)
                    {
                        return retrieved;
                    }
                }
            }

            return retrieved;
        }
    }

    /// <summary>The heap's order: the lowest estimate first, and among equals the highest id (the first to give way).</summary>
    private sealed class WorstFirst : IComparer<(double Estimate, Guid Id)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Estimate, Guid Id) x, (double Estimate, Guid Id) y)
        {
            var c = x.Estimate.CompareTo(y.Estimate);
            return c != 0 ? c : y.Id.CompareTo(x.Id);
        }
    }

    /// <summary>A retrieval query with its codes as numbers and the estimate's tables as arrays indexed by them.</summary>
    private sealed class PreparedQuery
    {
        private readonly RetrievalEstimate estimate;
        private readonly bool[][] classExact;
        private readonly bool[][] classArea;
        private readonly bool[][] classSibling;
        private readonly bool[] excluded;
        private readonly bool[]? allowedTypes;
        private readonly bool[] preferred;
        private readonly double[] typePoints;
        private readonly int cooperation;
        private readonly int lead;
        private readonly int[] words;
        private readonly int size;

        public PreparedQuery(RetrievalQuery query, CodeTable codes)
        {
            size = codes.Count + 1;
            estimate = query.Estimate;
            Limit = query.Limit;
            Exact = [.. query.Exact.Select(codes.Find)];
            Siblings = [.. query.Siblings.Select(codes.Find)];
            ExactRank = Ranks(Exact);
            SiblingRank = Ranks(Siblings);
            classExact = [.. estimate.Technology.Select(t => codes.Flags(t.Exact))];
            classArea = [.. estimate.Technology.Select(t => codes.Flags(t.Area))];
            classSibling = [.. estimate.Technology.Select(t => codes.Flags(t.Sibling))];
            excluded = codes.Flags(query.Excluded);
            allowedTypes = query.Types.Length > 0 ? codes.Flags(query.Types) : null;
            preferred = codes.Flags(query.Preferred);
            typePoints = new double[size];
            for (var i = 0; i < estimate.TypeCodes.Length; i++)
            {
                var id = codes.Find(estimate.TypeCodes[i]);
                if (id >= 0 && id < size)
                {
                    typePoints[id] = estimate.TypePoints[i];
                }
            }

            cooperation = query.Cooperation is { Length: > 0 } c ? codes.Find(c) : -1;
            RequiresCooperation = query.Cooperation is { Length: > 0 };
            lead = query.Lead is { Length: > 0 } l ? codes.Find(l) : -1;
            WordsByWeight = [.. query.Terms.Select(PgHash.HashText).Distinct()];
            words = [.. WordsByWeight.Order()];
        }

        public int Limit { get; }

        /// <summary>The request's words' hashes, the heaviest word first (the order of <see cref="RetrievalQuery.Terms"/>).</summary>
        public int[] WordsByWeight { get; }

        public int[] Exact { get; }

        public int[] Siblings { get; }

        /// <summary>Each code's place in <see cref="Exact"/> (-1: not there).</summary>
        public int[] ExactRank { get; }

        public int[] SiblingRank { get; }

        private bool RequiresCooperation { get; }

        private int[] Ranks(int[] list)
        {
            var ranks = Enumerable.Repeat(-1, size).ToArray();
            for (var i = list.Length - 1; i >= 0; i--)
            {
                if (list[i] >= 0 && list[i] < size)
                {
                    ranks[list[i]] = i;
                }
            }

            return ranks;
        }

        /// <summary>The first place in a list (by its ranks) of any of the codes, or -1.</summary>
        public int FirstRank(int[] partnerCodes, int[] ranks)
        {
            var first = -1;
            foreach (var code in partnerCodes)
            {
                var rank = code < ranks.Length ? ranks[code] : -1;
                if (rank >= 0 && (first < 0 || rank < first))
                {
                    first = rank;
                }
            }

            return first;
        }

        /// <summary>The hard filters SQL applied: excluded country, partner type ruled out, cooperation type not offered.</summary>
        public bool Passes(Profile p)
        {
            if (Flag(excluded, p.Country) || (allowedTypes is not null && !Flag(allowedTypes, p.Type)))
            {
                return false;
            }

            return !RequiresCooperation || p.Cooperation.Length == 0 || (cooperation >= 0 && Array.IndexOf(p.Cooperation, cooperation) >= 0);
        }

        /// <summary>Whether the partner's term hashes and the request's words meet (both sorted: a merge).</summary>
        public bool SharesAWord(Profile p)
        {
            var terms = p.TermHashes;
            int i = 0, j = 0;
            while (i < terms.Length && j < words.Length)
            {
                if (terms[i] == words[j])
                {
                    return true;
                }

                if (terms[i] < words[j])
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }

            return false;
        }

        /// <summary><see cref="RetrievalEstimate.Of"/> on the numbered profile (a test compares the two).</summary>
        public double Estimate(Profile p)
        {
            var e = estimate;
            var technology = 0;
            for (var i = 0; i < classExact.Length; i++)
            {
                var cls = Any(classExact[i], p.Codes) ? 0 : Any(classArea[i], p.Codes) ? 1 : Any(classSibling[i], p.Codes) ? 2 : 3;
                technology += cls * Pow4(i);
            }

            var network = lead >= 0 && Array.IndexOf(p.Linked, lead) >= 0 ? e.NetworkLead : p.Linked.Length > 0 ? e.NetworkOther : e.NetworkNone;
            return (classExact.Length > 0 ? e.TechnologyPoints[technology] : 0)
                + (SharesAWord(p) ? e.Text : 0)
                + (Flag(preferred, p.Country) ? e.CountryPreferred : e.CountryOther)
                + (p.Type < typePoints.Length ? typePoints[p.Type] : 0)
                + (p.Cooperation.Length == 0 ? e.CooperationOpen : e.CooperationOffered)
                + e.Trl[(p.TrlMin * 10) + p.TrlMax]
                + network
                + e.TrackRecord[(Math.Min(p.Accepted, RetrievalEstimate.MaxAccepted) * (RetrievalEstimate.MaxAgreements + 1))
                    + Math.Min(p.Agreements, RetrievalEstimate.MaxAgreements)];
        }

        private static int Pow4(int i) => 1 << (2 * i);

        private static bool Flag(bool[] flags, int code) => code >= 0 && code < flags.Length && flags[code];

        private static bool Any(bool[] flags, int[] partnerCodes)
        {
            foreach (var code in partnerCodes)
            {
                if (code < flags.Length && flags[code])
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>What retrieval needs of a request (codes and words computed in memory by <see cref="MatchingService"/>, words heaviest first).</summary>
internal sealed record RetrievalQuery(
    string[] Exact,
    string[] Siblings,
    string[] Terms,
    string[] Excluded,
    string[] Preferred,
    string[] Types,
    string? Cooperation,
    string? Lead,
    RetrievalEstimate Estimate,
    int Limit);
