using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// The whole data set, planned in memory before anything is written: companies (with their SME user and contact
/// persons), overseas partners, and partnership requests with their full lifecycle (status history, routing, lead
/// transfers, contributors, rounds of proposed partners and each match's own lifecycle). Every entity draws from its
/// own seeded random stream, so the plan is the same for the same seed and as-of day whatever the order of work
/// (requests are planned in chunks on two threads).
/// </summary>
internal sealed partial class GenerationPlan
{
    private const int ChunkSize = 32_768;

    private static readonly double[] MonthWeights = [0.8, 0.85, 1.25, 1.35, 1.3, 1.0, 0.8, 0.7, 1.2, 1.3, 1.25, 0.85];

    private static readonly double[] SectorWeights = [22, 26, 14, 18, 12, 8];

    private static readonly double[] CooperationWeights = [25, 30, 15, 12, 8, 10];

    private readonly long _seed;

    public GenerationPlan(GenerationOptions options, EngineSettings engine)
    {
        Options = options;
        _seed = options.Seed;
        Engine = engine;
        Reference = new GenerationReference();
        Keywords = new KeywordPool(Reference);
        Notes = new NotePool(Reference);
        Factors = new MatchFactors(Reference, Keywords, engine.Weights);
        Today = Pg.DayOf(options.AsOf);
        Now = Pg.StartOfKstDay(Today);
        WindowStartDay = Pg.DayOf(options.AsOf.AddYears(-5));
        WindowStart = Pg.StartOfKstDay(WindowStartDay);
        Calendar = new WorkCalendar(WindowStartDay - 400, Today + (6 * 366));
        StaffCreatedAt = WindowStart - (90 * Pg.Day) + (10 * Pg.Hour);
        var layout = Rng.For(_seed, RngStream.Layout, 0);
        LeafOrder = [.. Enumerable.Range(0, Reference.Leaves.Length).OrderBy(_ => layout.NextU64())];
        BrnOffset = (long)(layout.NextU64() % BrnSpace);
    }

    public GenerationOptions Options { get; }

    public EngineSettings Engine { get; }

    public GenerationReference Reference { get; }

    public KeywordPool Keywords { get; }

    public NotePool Notes { get; }

    public MatchFactors Factors { get; }

    public WorkCalendar Calendar { get; }

    /// <summary>The data set's today (a PostgreSQL date, KST).</summary>
    public int Today { get; }

    /// <summary>Midnight KST at the start of <see cref="Today"/>: every generated instant is before it.</summary>
    public long Now { get; }

    public int WindowStartDay { get; }

    public long WindowStart { get; }

    public long StaffCreatedAt { get; }

    /// <summary>The taxonomy leaves from the most to the least popular (a seeded order; Zipf-like weights follow it).</summary>
    public int[] LeafOrder { get; }

    public CompanyFacts[] Companies { get; private set; } = [];

    public PartnerFacts[] Partners { get; private set; } = [];

    public RequestFacts[] Requests { get; private set; } = [];

    public RequestEventFacts[] Events { get; private set; } = [];

    public MatchFacts[] Matches { get; private set; } = [];

    public int MatchCount { get; private set; }

    public int ReferenceSequenceMax { get; private set; }

    public Uid AdminId { get; private set; }

    public Uid[] CoordinatorIds { get; private set; } = [];

    public long BrnOffset { get; }

    /// <summary>(tax office 101–899) × (5 company types) × (serial 0000–9999): the space of business numbers drawn without repeats.</summary>
    public const long BrnSpace = 799L * 5 * 10_000;

    private double[] _globalLeafCumulative = [];
    private double[][] _sectorLeafCumulative = [];
    private int[][] _sectorLeaves = [];
    private double[] _companyCumulative = [];
    private int[] _requestCompany = [];
    private long[] _requestCreated = [];
    private int[][] _activeByLeaf = [];
    private long[][] _activeByLeafCreated = [];

    public void Build(CancellationToken cancellationToken = default)
    {
        var scale = Options.Scale;
        BuildLeafWeights();
        PlaceRequests(scale.Requests, scale.Companies);
        BuildStaff();
        BuildCompanies(scale.Companies);
        BuildPartners(scale.Partners);
        cancellationToken.ThrowIfCancellationRequested();
        PlanRequests(scale.Requests, cancellationToken);
        AssignReferenceNumbers();
        AdjustMatchCount(scale.Matches);
    }

    /// <summary>Only the partners (the matching benchmark's registry).</summary>
    public void BuildPartnersOnly(int count)
    {
        BuildLeafWeights();
        BuildPartners(count);
    }

    private void BuildLeafWeights()
    {
        var zipf = Weights.Zipf(LeafOrder.Length, 0.9);
        var global = new double[LeafOrder.Length];
        for (var rank = 0; rank < LeafOrder.Length; rank++)
        {
            global[LeafOrder[rank]] = zipf[rank];
        }

        _globalLeafCumulative = Weights.Cumulative(global);

        // A sector's own leaves: those its lead institute is expert in, those it alone is expert in first (most popular
        // first within each), else the global order. Leaves other institutes are expert in make convergence requests.
        _sectorLeaves = new int[Reference.Sectors.Length][];
        _sectorLeafCumulative = new double[Reference.Sectors.Length][];
        for (var s = 0; s < Reference.Sectors.Length; s++)
        {
            var lead = Reference.Sectors[s].Lead;
            var own = LeafOrder.Where(l => Reference.Leaves[l].Experts == 1 << lead)
                .Concat(LeafOrder.Where(l => (Reference.Leaves[l].Experts & (1 << lead)) != 0 && Reference.Leaves[l].Experts != 1 << lead)).ToArray();
            _sectorLeaves[s] = own.Length > 0 ? own : LeafOrder;
            _sectorLeafCumulative[s] = Weights.Cumulative(Weights.Zipf(_sectorLeaves[s].Length, 1.1));
        }
    }

    /// <summary>When each request was created (seasonal, growing year over year, weekdays), in time order, and by which company.</summary>
    private void PlaceRequests(int count, int companies)
    {
        var days = Today - WindowStartDay;
        var weights = new double[days];
        for (var d = 0; d < days; d++)
        {
            var day = WindowStartDay + d;
            var date = Pg.DateOf(day);
            var growth = Math.Pow(1.3, d / 365.25);
            var weekday = Calendar.IsBusinessDay(day) ? 1.0 : date.DayOfWeek switch { DayOfWeek.Saturday => 0.12, DayOfWeek.Sunday => 0.08, _ => 0.25 };
            weights[d] = growth * MonthWeights[date.Month - 1] * weekday;
        }

        var cumulative = Weights.Cumulative(weights);
        var total = cumulative[^1];
        _requestCreated = new long[count];
        var index = 0;
        long previous = 0;
        for (var d = 0; d < days; d++)
        {
            var upTo = (long)Math.Round(count * cumulative[d] / total);
            var n = (int)(upTo - previous);
            previous = upTo;
            if (n <= 0)
            {
                continue;
            }

            var rng = Rng.For(_seed, RngStream.RequestPlacement, d);
            var start = Pg.StartOfKstDay(WindowStartDay + d);
            var times = new long[n];
            for (var k = 0; k < n; k++)
            {
                times[k] = start + (rng.Chance(0.82) ? WorkCalendar.OfficeTime(ref rng) : (7 * Pg.Hour) + rng.RangeLong(0, (17 * Pg.Hour) - 1));
            }

            Array.Sort(times);
            foreach (var time in times)
            {
                _requestCreated[index++] = time;
            }
        }

        // Companies are numbered by activity: company 1 is the busiest, the last the quietest (weights 1/(n+50)^0.6).
        var companyWeights = new double[companies];
        for (var c = 0; c < companies; c++)
        {
            companyWeights[c] = 1.0 / Math.Pow(c + 51, 0.6);
        }

        _companyCumulative = Weights.Cumulative(companyWeights);
        _requestCompany = new int[count];
        for (var i = 0; i < count; i++)
        {
            var rng = Rng.For(_seed, RngStream.Company, -1 - i);
            _requestCompany[i] = rng.Pick(_companyCumulative);
        }
    }

    private void BuildStaff()
    {
        var rng = Rng.For(_seed, RngStream.Users, 0);
        AdminId = Uid.V7(StaffCreatedAt, ref rng);
        CoordinatorIds = new Uid[Reference.Institutes.Length];
        for (var i = 0; i < CoordinatorIds.Length; i++)
        {
            CoordinatorIds[i] = Uid.V7(StaffCreatedAt + ((i + 1) * Pg.Minute), ref rng);
        }
    }

    private void BuildCompanies(int count)
    {
        var first = new int[count];
        Array.Fill(first, -1);
        for (var i = _requestCompany.Length - 1; i >= 0; i--)
        {
            first[_requestCompany[i]] = i;
        }

        var sectorCumulative = Weights.Cumulative(SectorWeights);
        var regionCumulative = Weights.Cumulative([.. GenerationText.Regions.Select(r => r.Weight)]);
        var surnameCumulative = Weights.Cumulative([.. GenerationText.Surnames.Select(s => s.Weight)]);
        Companies = new CompanyFacts[count];
        Parallel.For(0, (count + ChunkSize - 1) / ChunkSize, new ParallelOptions { MaxDegreeOfParallelism = 2 }, chunk =>
        {
            for (var c = chunk * ChunkSize; c < Math.Min(count, (chunk + 1) * ChunkSize); c++)
            {
                var rng = Rng.For(_seed, RngStream.Company, c);
                ref var company = ref Companies[c];
                company.FirstRequest = first[c];
                company.RegisteredAt = first[c] >= 0
                    ? _requestCreated[first[c]] - rng.RangeLong(Pg.Hour, 60 * Pg.Day)
                    : WindowStart + rng.RangeLong(0, Now - WindowStart - (2 * Pg.Day));
                company.Id = Uid.V7(company.RegisteredAt, ref rng);
                company.UserId = Uid.V7(company.RegisteredAt, ref rng);
                company.Sector = (byte)rng.Pick(sectorCumulative);
                company.Size = (byte)(rng.Chance(0.8) ? 0 : 1);
                company.English = rng.Chance(0.12);
                company.NameKind = (byte)(rng.Chance(0.55) ? 0 : 1);
                company.Stem = (byte)(company.NameKind == 0 ? rng.Next(GenerationText.CompanyStems.Length) : rng.Next(GenerationText.Initials.Length * GenerationText.Initials.Length));
                company.Industry = (byte)rng.Next(6);
                company.Form = (byte)rng.Next(3);
                company.BrnBody = (int)((((c * 1_000_003L) + BrnOffset) % BrnSpace + BrnSpace) % BrnSpace);
                company.Surname = (byte)rng.Pick(surnameCumulative);
                company.GivenName = (byte)rng.Next(GenerationText.GivenNames.Length);
                company.Department = (byte)rng.Next(GenerationText.Departments.Length);
                company.Position = (byte)rng.Next(GenerationText.Positions.Length);
                company.Contact1At = company.RegisteredAt + rng.RangeLong(5 * Pg.Minute, 50 * Pg.Minute);
                company.Contact1Transfer = rng.Chance(0.6);
                var second = company.RegisteredAt + rng.RangeLong(Pg.Day, 730 * Pg.Day);
                company.HasContact2 = rng.Chance(0.2) && second < Now;
                company.Contact2At = company.HasContact2 ? second : 0;
                company.Contact2Surname = (byte)rng.Pick(surnameCumulative);
                company.Contact2Given = (byte)rng.Next(GenerationText.GivenNames.Length);
                company.Contact2Transfer = rng.Chance(0.5);
                company.Contact1 = Uid.V7(company.Contact1At, ref rng);
                company.Contact2 = Uid.V7(Math.Max(company.Contact2At, company.Contact1At), ref rng);
                var profileAt = company.RegisteredAt + rng.RangeLong(10 * Pg.Minute, 30 * Pg.Day);
                company.HasProfile = rng.Chance(0.75) && profileAt < Now;
                company.ProfileUpdatedAt = company.HasProfile ? profileAt : 0;
                company.Region = (byte)rng.Pick(regionCumulative);
                company.Employees = company.Size == 0 ? rng.Skewed(3, 299, 2.2) : rng.Range(300, 2500);
                var registeredYear = Pg.DateOf(Pg.KstDay(company.RegisteredAt)).Year;
                company.FoundedYear = (short)(registeredYear - rng.Skewed(0, 45, 1.8));
                company.HasWebsite = rng.Chance(0.6);
                company.HasDescription = rng.Chance(0.55);
                company.TechCount = (byte)rng.Range(1, 3);
                company.Tech0 = (byte)PickSectorLeaf(company.Sector, ref rng);
                company.Tech1 = (byte)PickSectorLeaf(company.Sector, ref rng);
                company.Tech2 = (byte)PickGlobalLeaf(ref rng);
            }
        });
    }

    private void BuildPartners(int count)
    {
        var typeCumulative = Weights.Cumulative([35, 30, 25, 6, 4]);
        var leafCounts = Weights.Cumulative([55, 35, 10]);
        Partners = new PartnerFacts[count];
        for (var p = 0; p < count; p++)
        {
            var rng = Rng.For(_seed, RngStream.Partner, p);
            ref var partner = ref Partners[p];
            var leaves = 1 + rng.Pick(leafCounts);
            var firstLeaf = PickGlobalLeaf(ref rng);
            AddPartnerLeaf(ref partner, firstLeaf);
            for (var k = 1; k < leaves; k++)
            {
                AddPartnerLeaf(ref partner, rng.Chance(0.6) ? rng.Pick(Reference.AreaLeaves[Reference.Leaves[firstLeaf].Area]) : PickGlobalLeaf(ref rng));
            }

            partner.Country = (byte)rng.Pick(Reference.CountryCumulative);
            partner.Type = (byte)rng.Pick(typeCumulative);
            partner.CreatedAt = rng.Chance(0.5)
                ? WindowStart + rng.RangeLong(Pg.Hour, 60 * Pg.Day)
                : WindowStart + rng.RangeLong(Pg.Hour, Now - WindowStart - Pg.Day);
            partner.UpdatedAt = rng.Chance(0.3) ? partner.CreatedAt + rng.RangeLong(Pg.Hour, Now - partner.CreatedAt - Pg.Minute) : partner.CreatedAt;
            partner.Active = rng.Chance(0.96);
            if (!partner.Active && partner.UpdatedAt == partner.CreatedAt)
            {
                partner.UpdatedAt = partner.CreatedAt + rng.RangeLong(Pg.Hour, Now - partner.CreatedAt - Pg.Minute);
            }

            partner.Id = Uid.V7(partner.CreatedAt, ref rng);
            var experts = Reference.Leaves[firstLeaf].Experts;
            partner.Owner = rng.Chance(0.1) ? (byte)Reference.Institutes.Length : experts != 0 && rng.Chance(0.7) ? (byte)RandomBit(experts, ref rng) : (byte)rng.Next(Reference.Institutes.Length);
            if (!rng.Chance(0.4))
            {
                byte mask = 0;
                for (var c = 0; c < Reference.CooperationTypes.Length; c++)
                {
                    if (rng.Chance(0.45))
                    {
                        mask |= (byte)(1 << c);
                    }
                }

                partner.CooperationMask = mask == 0 ? (byte)(1 << rng.Next(Reference.CooperationTypes.Length)) : mask;
            }

            if (rng.Chance(0.8))
            {
                partner.TrlMin = (byte)rng.Range(1, 6);
                partner.TrlMax = (byte)Math.Min(9, partner.TrlMin + rng.Range(1, 4));
            }

            if (rng.Chance(0.15))
            {
                partner.LinkedMask = (byte)(1 << (experts != 0 && rng.Chance(0.7) ? RandomBit(experts, ref rng) : rng.Next(Reference.Institutes.Length)));
                if (rng.Chance(0.2))
                {
                    partner.LinkedMask |= (byte)(1 << rng.Next(Reference.Institutes.Length));
                }
            }

            var cities = GenerationText.Cities[Reference.Countries[partner.Country].Code];
            partner.City = (byte)rng.Next(cities.Length);
            partner.Pattern = (byte)rng.Next(3);
            partner.Brand = (byte)rng.Next(GenerationText.Brands.Length);
            partner.Suffix = (byte)rng.Next(2);
            partner.Person = (byte)rng.Next(GenerationText.WesternSurnames.Length);
            partner.HasKoreanName = partner.Type switch { 0 or 1 => rng.Chance(0.5), 3 => rng.Chance(0.3), _ => false };
            partner.HasContactEmail = rng.Chance(0.6);
            partner.Generic1 = (byte)rng.Next(GenerationText.GenericEn.Length);
            partner.Generic2 = (byte)rng.Next(GenerationText.GenericEn.Length);
            partner.GenericKo = (byte)rng.Next(GenerationText.GenericKo.Length);
            for (var k = 0; k < partner.LeafCount; k++)
            {
                var leaf = partner.Leaf(k);
                partner.AddKeyword(Keywords.LeafKo[leaf][0]);
                partner.AddKeyword(Keywords.LeafEn[leaf][0]);
                if (rng.Chance(0.5) && Keywords.LeafEn[leaf].Length > 1)
                {
                    partner.AddKeyword(Keywords.LeafEn[leaf][1]);
                }
            }

            partner.AddKeyword(Keywords.GenericEn[partner.Generic1]);
            partner.AddKeyword(Keywords.GenericKo[partner.GenericKo]);
            if (rng.Chance(0.35))
            {
                partner.AcceptedMatches = (short)rng.Skewed(1, 8, 2);
                partner.Agreements = (short)rng.Range(0, Math.Min(3, (int)partner.AcceptedMatches));
            }
        }

        // Active partners by leaf, in creation order: a proposal picks among those that existed at the time.
        var byLeaf = Enumerable.Range(0, Reference.Leaves.Length).Select(_ => new List<int>()).ToArray();
        for (var p = 0; p < count; p++)
        {
            if (!Partners[p].Active)
            {
                continue;
            }

            for (var k = 0; k < Partners[p].LeafCount; k++)
            {
                byLeaf[Partners[p].Leaf(k)].Add(p);
            }
        }

        _activeByLeaf = [.. byLeaf.Select(list => list.OrderBy(p => Partners[p].CreatedAt).ThenBy(p => p).ToArray())];
        _activeByLeafCreated = [.. _activeByLeaf.Select(list => list.Select(p => Partners[p].CreatedAt).ToArray())];
    }

    private void AddPartnerLeaf(ref PartnerFacts partner, int leaf)
    {
        if (partner.HasLeaf(leaf) || partner.LeafCount >= 3)
        {
            return;
        }

        switch (partner.LeafCount++)
        {
            case 0: partner.Leaf0 = (byte)leaf; break;
            case 1: partner.Leaf1 = (byte)leaf; break;
            default: partner.Leaf2 = (byte)leaf; break;
        }

        partner.AreaMask |= 1 << Reference.Leaves[leaf].Area;
    }

    private int PickGlobalLeaf(ref Rng rng) => rng.Pick(_globalLeafCumulative);

    private int PickSectorLeaf(int sector, ref Rng rng) => _sectorLeaves[sector][rng.Pick(_sectorLeafCumulative[sector])];

    private static int RandomBit(int mask, ref Rng rng)
    {
        var count = System.Numerics.BitOperations.PopCount((uint)mask);
        var pick = rng.Next(count);
        for (var i = 0; i < 32; i++)
        {
            if ((mask & (1 << i)) != 0 && pick-- == 0)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Reference numbers (CNC-yyyy-nnnnnn) in the order of first submission, as the app's sequence gives them.</summary>
    private void AssignReferenceNumbers()
    {
        var submitted = new List<(long At, int Index)>();
        for (var i = 0; i < Requests.Length; i++)
        {
            if (Requests[i].FirstSubmittedAt != 0)
            {
                submitted.Add((Requests[i].FirstSubmittedAt, i));
            }
        }

        submitted.Sort();
        for (var n = 0; n < submitted.Count; n++)
        {
            Requests[submitted[n].Index].ReferenceSequence = n + 1;
        }

        ReferenceSequenceMax = submitted.Count;
    }

    private void PlanRequests(int count, CancellationToken cancellationToken)
    {
        Requests = new RequestFacts[count];
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var results = new ChunkResult[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, chunk =>
        {
            var simulation = new RequestSimulation(this);
            for (var i = chunk * ChunkSize; i < Math.Min(count, (chunk + 1) * ChunkSize); i++)
            {
                simulation.Plan(i, _requestCreated[i], _requestCompany[i]);
            }

            results[chunk] = simulation.Result;
        });

        var events = new RequestEventFacts[results.Sum(r => r.Events.Count)];
        var matches = new List<MatchFacts>(results.Sum(r => r.Matches.Count) + (Options.Scale.Matches / 10));
        var rounds = new List<RoundFacts>(results.Sum(r => r.Rounds.Count));
        var eventOffset = 0;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var result = results[chunk];
            result.Events.CopyTo(events, eventOffset);
            for (var i = chunk * ChunkSize; i < Math.Min(count, (chunk + 1) * ChunkSize); i++)
            {
                Requests[i].EventStart += eventOffset;
            }

            var roundOffset = rounds.Count;
            foreach (var match in result.Matches)
            {
                var shifted = match;
                shifted.Round += roundOffset;
                matches.Add(shifted);
            }

            rounds.AddRange(result.Rounds);
            eventOffset += result.Events.Count;
        }

        Events = events;
        _matchList = matches;
        _rounds = rounds;
    }

    private List<MatchFacts> _matchList = [];
    private List<RoundFacts> _rounds = [];

    /// <summary>
    /// Brings the number of matches to the scale's exact count: removes proposals nobody answered (keeping one open
    /// proposal where the request still waits on one) or adds unanswered proposals to last rounds where the story
    /// allows one more, in a seeded order.
    /// </summary>
    private void AdjustMatchCount(int target)
    {
        var matches = _matchList;
        var delta = target - matches.Count;
        var rng = Rng.For(_seed, RngStream.Adjust, 0);
        var roundMatches = new List<int>[_rounds.Count];
        for (var m = 0; m < matches.Count; m++)
        {
            (roundMatches[matches[m].Round] ??= []).Add(m);
        }

        var order = Enumerable.Range(0, _rounds.Count).OrderBy(_ => rng.NextU64()).ToArray();
        var simulation = new RequestSimulation(this);
        var progress = true;
        while (delta != 0 && progress)
        {
            progress = false;
            foreach (var r in order)
            {
                if (delta == 0)
                {
                    break;
                }

                var list = roundMatches[r];
                if (list is null)
                {
                    continue;
                }

                if (delta < 0)
                {
                    // An unanswered proposal (if another stays open: a request waiting on the company keeps one), or a declined
                    // one that changed nothing (not the answer that moved the request, not its last activity, not before an expiry).
                    var pending = -1;
                    var declined = -1;
                    var open = 0;
                    var left = 0;
                    ref readonly var request = ref Requests[_rounds[r].Request];
                    foreach (var m in list)
                    {
                        var match = matches[m];
                        if (match.Removed)
                        {
                            continue;
                        }

                        left++;
                        if (match.Status != MatchStatus.DeclinedBySme)
                        {
                            open++;
                        }

                        if (match.Pivotal)
                        {
                            continue;
                        }

                        if (match.Status == MatchStatus.Proposed)
                        {
                            pending = m;
                        }
                        else if (match.Status == MatchStatus.DeclinedBySme && match.RespondedAt != request.LastActivityAt && request.Status != RequestStatus.Expired)
                        {
                            declined = m;
                        }
                    }

                    var remove = pending >= 0 && open >= 2 ? pending : declined >= 0 && left >= 2 ? declined : -1;
                    if (remove >= 0)
                    {
                        var removed = matches[remove];
                        removed.Removed = true;
                        matches[remove] = removed;
                        delta++;
                        progress = true;
                    }
                }
                else if (_rounds[r].MayAddPending && list.Count(m => !matches[m].Removed) < 5)
                {
                    var template = matches[list[0]];
                    var added = simulation.ExtraProposal(template, PartnersOfRequest(r, roundMatches, matches), ref rng);
                    if (added is { } match)
                    {
                        list.Add(matches.Count);
                        matches.Add(match);
                        delta--;
                        progress = true;
                    }
                }
            }
        }

        if (delta != 0)
        {
            throw new InvalidOperationException($"Could not reach {target:N0} matches ({matches.Count:N0} planned): the scale asks for too many or too few matches per request.");
        }

        Matches = [.. matches.Where(m => !m.Removed)];
        MatchCount = Matches.Length;
        for (var m = 0; m < Matches.Length; m++)
        {
            var ids = Rng.For(_seed, RngStream.Match, m);
            Matches[m].Id = Uid.V7(Matches[m].ProposedAt, ref ids);
        }
    }

    /// <summary>Every partner proposed in any round of the round's request (rounds of a request are next to each other).</summary>
    private int[] PartnersOfRequest(int round, List<int>[] roundMatches, List<MatchFacts> matches)
    {
        var request = _rounds[round].Request;
        var first = round;
        while (first > 0 && _rounds[first - 1].Request == request)
        {
            first--;
        }

        var partners = new List<int>();
        for (var r = first; r < _rounds.Count && _rounds[r].Request == request; r++)
        {
            foreach (var m in roundMatches[r] ?? [])
            {
                partners.Add(matches[m].Partner);
            }
        }

        return [.. partners];
    }

    private sealed class ChunkResult
    {
        public List<RequestEventFacts> Events { get; } = new(ChunkSize * 6);

        public List<MatchFacts> Matches { get; } = new(ChunkSize * 3);

        public List<RoundFacts> Rounds { get; } = new(ChunkSize);
    }
}
