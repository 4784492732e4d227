using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Services.Generation;

internal sealed partial class GenerationPlan
{
    /// <summary>
    /// The life of one request, told forward in time with the app's rules (PartnershipRequest's transitions, routing,
    /// lead transfers and contributors, the expiry job, MatchResponseService's effects of the company's answers on the
    /// request), stopping at the data set's today: what would happen later does not exist yet. Rows go to the chunk's
    /// lists; the request's own fields are set from its history at the end.
    /// </summary>
    private sealed class RequestSimulation(GenerationPlan plan)
    {
        private const int MatchingLowRank = Matching.MatchingService.LowRankThreshold;

        private static readonly double[] RoundSizes = Weights.Cumulative([8, 14, 26, 24, 28]);
        private static readonly double[] DeclineReasons = Weights.Cumulative([25, 15, 10, 10, 15, 15, 10]);
        private static readonly double[] NoDealReasons = Weights.Cumulative([25, 25, 20, 15, 5, 10]);
        private static readonly double[] AgreementKinds = Weights.Cumulative([30, 30, 10, 20, 10]);
        private static readonly double[] Sectors = Weights.Cumulative(SectorWeights);
        private static readonly double[] Cooperations = Weights.Cumulative(CooperationWeights);
        private static readonly double[] LeafCounts = Weights.Cumulative([62, 30, 8]);

        private readonly long _now = plan.Now;
        private readonly GenerationReference _ref = plan.Reference;
        private readonly List<int> _picks = new(8);
        private readonly List<long> _activity = new(16);

        private int _index;
        private int _roundNumber;
        private int _matchStart;
        private long _end;
        private RequestStatus _status;
        private long _lastActivity;
        private Rng _rng;

        public ChunkResult Result { get; } = new();

        private List<RequestEventFacts> Events => Result.Events;

        private List<MatchFacts> Matches => Result.Matches;

        private ref RequestFacts R => ref plan.Requests[_index];

        public void Plan(int index, long createdAt, int company)
        {
            _index = index;
            _rng = Rng.For(plan._seed, RngStream.Request, index);
            _roundNumber = 0;
            _matchStart = Matches.Count;
            _end = long.MaxValue;
            ref var r = ref R;
            r = default;
            r.Company = company;
            r.CreatedAt = createdAt;
            r.EventStart = Events.Count;
            r.Id = Uid.V7(createdAt, ref _rng);
            r.ClientKey = Uid.V4(ref _rng);
            r.Lead = RequestFacts.None;
            r.Cooperation = RequestFacts.None;
            r.Excluded = RequestFacts.None;
            r.Details1 = RequestFacts.None;
            r.Details2 = RequestFacts.None;
            r.DesiredStart = int.MinValue;
            r.Deadline = int.MinValue;
            r.DurationMonths = -1;
            r.BudgetMin = -1;
            r.BudgetMax = -1;
            Content(ref r);

            _status = RequestStatus.Draft;
            _lastActivity = createdAt;
            Add(createdAt, null, RequestStatus.Draft, ActorKind.Company, RequestFacts.None, -1);
            Live(ref r);
            Finish(ref r);
        }

        /// <summary>What the company asks for: sector, technology, keywords, partner preferences, texts.</summary>
        private void Content(ref RequestFacts r)
        {
            ref readonly var company = ref plan.Companies[r.Company];
            r.Sector = _rng.Chance(0.88) ? company.Sector : (byte)_rng.Pick(Sectors);
            r.English = _rng.Chance(company.English ? 0.8 : 0.08);
            var leaves = 1 + _rng.Pick(LeafCounts);
            var first = _rng.Chance(0.88) ? plan.PickSectorLeaf(r.Sector, ref _rng) : plan.PickGlobalLeaf(ref _rng);
            r.AddLeaf((byte)first);
            for (var k = 1; k < leaves; k++)
            {
                r.AddLeaf((byte)(_rng.Chance(0.7) ? _rng.Pick(_ref.AreaLeaves[_ref.Leaves[first].Area]) : plan.PickGlobalLeaf(ref _rng)));
            }

            var keywords = plan.Keywords;
            var leafWords = r.English ? keywords.LeafEn : keywords.LeafKo;
            var generic = r.English ? keywords.GenericEn : keywords.GenericKo;
            r.AddKeyword(leafWords[first][0]);
            if (leafWords[first].Length > 1 && _rng.Chance(0.5))
            {
                r.AddKeyword(leafWords[first][1]);
            }

            if (r.LeafCount > 1 && _rng.Chance(0.6))
            {
                r.AddKeyword(leafWords[r.Leaf1][0]);
            }

            var genericCount = _rng.Range(1, 2);
            for (var k = 0; k < genericCount; k++)
            {
                r.AddKeyword(generic[_rng.Next(generic.Length)]);
            }

            r.Generic1 = (byte)_rng.Next(GenerationText.GenericKo.Length);
            r.Generic2 = (byte)_rng.Next(GenerationText.GenericKo.Length);
            r.TitleTemplate = (byte)_rng.Next(GenerationText.TitleKo.Length);
            r.SummaryTemplate = (byte)_rng.Next(GenerationText.SummaryOpeningKo.Length);
            r.CooperationSentence = (byte)_rng.Next(2);
            r.TrlSentence = _rng.Chance(0.6);
            r.FocusSentence = _rng.Chance(0.4);
            r.Cooperation = (byte)_rng.Pick(Cooperations);
            r.TrlCurrent = (byte)Math.Clamp(_rng.Skewed(1, 7, 0.9) + (_rng.Chance(0.5) ? 1 : 0), 1, 8);
            r.TrlTarget = _rng.Chance(0.9) ? (byte)Math.Min(9, r.TrlCurrent + _rng.Range(1, 3)) : (byte)0;
            if (_rng.Chance(0.6))
            {
                var count = _rng.Range(1, 3);
                for (var k = 0; k < count; k++)
                {
                    r.AddPreferred((byte)_rng.Pick(_ref.CountryCumulative));
                }
            }

            if (_rng.Chance(0.12))
            {
                var excluded = (byte)(_rng.Chance(0.6) ? _ref.CountryIndex("CN") : _rng.Pick(_ref.CountryCumulative));
                if (!r.Prefers(excluded))
                {
                    r.Excluded = excluded;
                }
            }

            if (_rng.Chance(0.25))
            {
                r.TypeMask = (byte)(1 << (_rng.Chance(0.6) ? 0 : _rng.Next(3)));
                if (_rng.Chance(0.5))
                {
                    r.TypeMask |= (byte)(1 << _rng.Next(3));
                }
            }

            if (_rng.Chance(0.7))
            {
                r.Details1 = (byte)_rng.Next(GenerationText.DetailsEn.Length);
                r.Details2 = _rng.Chance(0.5) ? (byte)_rng.Next(GenerationText.DetailsEn.Length) : RequestFacts.None;
            }

            r.HasContact = true;
        }

        /// <summary>Draft → submission → review → matching → rounds of proposals → outcome, until today.</summary>
        private void Live(ref RequestFacts r)
        {
            var t0 = r.CreatedAt;

            // The timeline step (set while drafting, checked against that day).
            var day = Pg.KstDay(t0);
            r.Deadline = day + _rng.Skewed(45, 540, 1.3);
            r.DesiredStart = day + _rng.Range(14, 180);
            r.DurationMonths = (short)_rng.Range(6, 36);
            if (_rng.Chance(0.8))
            {
                r.BudgetMin = _rng.Range(1, 50) * 10_000_000L;
                r.BudgetMax = r.BudgetMin * _rng.Range(2, 5);
            }

            var fate = _rng.NextDouble();
            var draftDone = t0 + (_rng.Chance(0.6) ? _rng.RangeLong(10 * Pg.Minute, 6 * Pg.Hour) : _rng.RangeLong(6 * Pg.Hour, 12 * Pg.Day));
            if (fate < 0.025 || draftDone >= _now)
            {
                // A draft (abandoned, or still being written).
                r.CompletedStep = (byte)_rng.Range(0, 5);
                _lastActivity = Math.Min(_now - Pg.Minute, t0 + _rng.RangeLong(Pg.Minute, Math.Max(2 * Pg.Minute, draftDone - t0)));
                return;
            }

            if (fate < 0.035)
            {
                r.CompletedStep = (byte)_rng.Range(0, 4);
                var withdrawn = t0 + _rng.RangeLong(Pg.Hour, 30 * Pg.Day);
                if (withdrawn < _now)
                {
                    Terminal(withdrawn, RequestStatus.Withdrawn, ActorKind.Company, RequestFacts.None, WithdrawNote(ref r));
                }
                else
                {
                    _lastActivity = t0 + _rng.RangeLong(Pg.Minute, Pg.Hour);
                }

                return;
            }

            // Submitted: routing applies.
            r.CompletedStep = 5;

            ref readonly var company = ref plan.Companies[r.Company];
            r.ShareAbroad = company.Contact1Transfer && _rng.Chance(0.7);
            if (r.ShareAbroad && plan.ConsentTransferAt(r.Company, 1) >= draftDone)
            {
                r.ShareAbroad = false;
            }

            Submit(ref r, draftDone, first: true);
            var t = draftDone;
            var reviewRounds = 0;

            // Submitted: the institute picks it up (or never does: the deadline expires it).
            var pick = _rng.NextDouble();
            if (pick < 0.01)
            {
                Step(t, _rng.RangeLong(Pg.Day, 20 * Pg.Day), RequestStatus.Withdrawn, ActorKind.Company, WithdrawNote(ref r));
                return;
            }

            if (pick < 0.02)
            {
                InstituteStep(t, _rng.Range(1, 5), RequestStatus.Declined, NotePool.Pick(plan.Notes.Declines, ref _rng));
                return;
            }

            if (pick < 0.035)
            {
                Stall();
                return;
            }

            while (true)
            {
                t = plan.Calendar.AfterBusinessDays(t, _rng.Skewed(0, 8, 2.2), ref _rng);
                if (!Move(t, RequestStatus.InReview, ActorKind.Institute, r.Lead, -1))
                {
                    return;
                }

                // Assignments during review: a transfer of the lead, a contributor added or removed.
                if (reviewRounds == 0)
                {
                    t = Assignments(ref r, t);
                    if (t == 0)
                    {
                        return;
                    }
                }

                var review = _rng.NextDouble();
                if (review < 0.14 && reviewRounds < 2)
                {
                    reviewRounds++;
                    t = plan.Calendar.AfterBusinessDays(t, _rng.Range(1, 6), ref _rng);
                    if (!Move(t, RequestStatus.NeedsInformation, ActorKind.Institute, r.Lead, NotePool.Pick(plan.Notes.Questions, ref _rng)))
                    {
                        return;
                    }

                    var answer = _rng.NextDouble();
                    if (answer < 0.8)
                    {
                        t = WorkCalendar.AfterDays(t, _rng.Skewed(1, 21, 1.6), ref _rng);
                        if (!CanReach(t))
                        {
                            return;
                        }

                        if (Pg.KstDay(t) > r.Deadline)
                        {
                            // The company moves the deadline while answering (the form refuses a deadline in the past).
                            r.Deadline = Pg.KstDay(t) + _rng.Range(30, 180);
                        }

                        Submit(ref r, t, first: false);
                        continue;
                    }

                    if (answer < 0.88)
                    {
                        Step(t, _rng.RangeLong(3 * Pg.Day, 40 * Pg.Day), RequestStatus.Withdrawn, ActorKind.Company, WithdrawNote(ref r));
                    }
                    else
                    {
                        Stall();
                    }

                    return;
                }

                if (review < 0.19)
                {
                    InstituteStep(t, _rng.Range(2, 10), RequestStatus.Declined, NotePool.Pick(plan.Notes.Declines, ref _rng));
                    return;
                }

                if (review < 0.21)
                {
                    Step(t, _rng.RangeLong(Pg.Day, 20 * Pg.Day), RequestStatus.Withdrawn, ActorKind.Company, WithdrawNote(ref r));
                    return;
                }

                break;
            }

            t = plan.Calendar.AfterBusinessDays(t, _rng.Skewed(1, 12, 1.5), ref _rng);
            if (!Move(t, RequestStatus.Matching, ActorKind.Institute, r.Lead, _rng.Chance(0.35) ? NotePool.Pick(plan.Notes.Matching, ref _rng) : (short)-1))
            {
                return;
            }

            while (true)
            {
                var next = _rng.NextDouble();
                if (next < 0.03)
                {
                    InstituteStep(t, _rng.Range(3, 15), RequestStatus.Declined, NotePool.Pick(plan.Notes.Declines, ref _rng));
                    return;
                }

                if (next < 0.05)
                {
                    Step(t, _rng.RangeLong(Pg.Day, 30 * Pg.Day), RequestStatus.Withdrawn, ActorKind.Company, WithdrawNote(ref r));
                    return;
                }

                var proposed = plan.Calendar.AfterBusinessDays(t, _rng.Skewed(3, 25, 1.4), ref _rng);
                if (!CanReach(proposed))
                {
                    return;
                }

                _roundNumber++;
                var back = Round(ref r, proposed);
                if (back == 0)
                {
                    return;
                }

                // Every proposal was declined: back in matching.
                t = back;
                if (_roundNumber >= 3)
                {
                    InstituteStep(t, _rng.Range(5, 20), RequestStatus.Declined, (short)(plan.Notes.Declines.Start + 4));
                    return;
                }
            }
        }

        /// <summary>Draft (or NeedsInformation) → Submitted by the company, with routing (the lead is set on the first submission only).</summary>
        private void Submit(ref RequestFacts r, long at, bool first)
        {
            var from = _status;
            if (first)
            {
                r.Lead = (byte)_ref.Sectors[r.Sector].Lead;
                r.FirstSubmittedAt = at;
            }

            // Routing: every other institute expert in one of the technology codes is a suggested contributor
            // (PartnershipRequest.Submit: suggestions of the routing, minus the lead and the institutes added by hand).
            var experts = 0;
            for (var k = 0; k < r.LeafCount; k++)
            {
                experts |= _ref.Leaves[r.Leaf(k)].Experts;
            }

            var sectorLead = _ref.Sectors[r.Sector].Lead;
            r.SuggestedMask = (byte)(experts & ~(1 << sectorLead) & ~(1 << r.Lead) & ~r.AddedMask);
            r.SubmittedAt = at;
            Add(at, from, RequestStatus.Submitted, ActorKind.Company, RequestFacts.None, first ? NotePool.Routing : NotePool.Resubmitted);
        }

        /// <summary>During the first review: perhaps a lead transfer, a contributor added or removed. Returns the time reached (0: stopped).</summary>
        private long Assignments(ref RequestFacts r, long t)
        {
            if (_rng.Chance(0.03))
            {
                var target = r.SuggestedMask != 0 && _rng.Chance(0.7) ? RandomBit(r.SuggestedMask, ref _rng) : OtherInstitute(r.Lead);
                var at = plan.Calendar.AfterBusinessDays(t, _rng.Range(0, 2), ref _rng);
                if (!CanReach(at))
                {
                    return 0;
                }

                var from = r.Lead;
                var note = NotePool.Pick(plan.Notes.Transfers[target], ref _rng);
                r.SuggestedMask &= (byte)~(1 << target);
                r.AddedMask &= (byte)~(1 << target);
                r.Lead = (byte)target;
                AddEvent(at, RequestEvent.LeadTransferred, from, from, (byte)target, note);

                // The new lead's coordinator starts the review again (the status stays InReview).
                t = at;
            }

            if (_rng.Chance(0.06))
            {
                var candidates = 0x3F & ~(1 << r.Lead) & ~(r.SuggestedMask | r.AddedMask);
                if (candidates != 0)
                {
                    var added = RandomBit(candidates, ref _rng);
                    var at = plan.Calendar.AfterBusinessDays(t, _rng.Range(0, 3), ref _rng);
                    if (!CanReach(at))
                    {
                        return 0;
                    }

                    r.AddedMask |= (byte)(1 << added);
                    AddEvent(at, RequestEvent.ContributorAdded, r.Lead, r.Lead, (byte)added,
                        _rng.Chance(0.6) ? NotePool.Pick(plan.Notes.Contributors, ref _rng) : (short)-1);
                    t = at;
                }
            }

            if (r.SuggestedMask != 0 && _rng.Chance(0.015))
            {
                var removed = RandomBit(r.SuggestedMask, ref _rng);
                var at = plan.Calendar.AfterBusinessDays(t, _rng.Range(0, 3), ref _rng);
                if (!CanReach(at))
                {
                    return 0;
                }

                r.SuggestedMask &= (byte)~(1 << removed);
                AddEvent(at, RequestEvent.ContributorRemoved, r.Lead, r.Lead, (byte)removed, -1);
                t = at;
            }

            return t;
        }

        private int OtherInstitute(int lead)
        {
            var other = _rng.Next(_ref.Institutes.Length - 1);
            return other >= lead ? other + 1 : other;
        }

        /// <summary>
        /// One round of proposals at <paramref name="at"/>: 1–5 partners; the company answers. Returns the time the
        /// request went back to matching (every proposal declined), or 0 when its story ended (or reached today).
        /// </summary>
        private long Round(ref RequestFacts r, long at)
        {
            // 1–5 partners (the workbench's limit), about 3.5 on average; scales with another ratio of matches to requests shift it.
            var size = 1 + _rng.Pick(RoundSizes);
            var ratio = (double)plan.Options.Scale.Matches / plan.Options.Scale.Requests;
            if (ratio < 3 && size > 1 && _rng.Chance(Math.Min(1, (3 - ratio) / 2)))
            {
                size--;
            }
            else if (ratio > 3 && size < 5 && _rng.Chance(Math.Min(1, (ratio - 3) / 2)))
            {
                size++;
            }
            PickPartners(ref r, size, at);
            if (_picks.Count == 0)
            {
                // No partner passes the request's filters: the institute declines it.
                InstituteStep(at - Pg.Hour, 0, RequestStatus.Declined, (short)(plan.Notes.Declines.Start + 1));
                return 0;
            }

            if (!Move(at, RequestStatus.PartnersProposed, ActorKind.Institute, r.Lead, -1))
            {
                return 0;
            }

            var round = Result.Rounds.Count;
            Result.Rounds.Add(new RoundFacts { Request = _index, Count = _picks.Count });
            var first = Matches.Count;
            foreach (var partner in _picks)
            {
                Matches.Add(new MatchFacts
                {
                    Request = _index,
                    Partner = partner,
                    Round = round,
                    ProposedAt = at,
                    Score = plan.Factors.Score(R, plan.Partners[partner], r.Lead),
                    Proposer = r.Lead,
                    DeclineReason = RequestFacts.None,
                    AgreementKind = RequestFacts.None,
                    NoDealReason = RequestFacts.None,
                    ProposalNote = -1,
                    DeclineComment = -1,
                    PartnerComment = -1,
                    OutcomeComment = -1,
                    MeetingDay = int.MinValue,
                });
            }

            Rank(first);
            var count = Matches.Count - first;
            var path = _rng.NextDouble();
            if (path < 0.66)
            {
                return Connect(ref r, first, count, at);
            }

            if (path < 0.86)
            {
                return AllDeclined(first, count, at);
            }

            // No answer to (most of) the proposals: the request waits, then expires or is withdrawn.
            var declines = Math.Min(count - 1, _rng.Range(0, 2));
            for (var k = 0; k < declines; k++)
            {
                Decline(first + k, WorkCalendar.AfterDays(at, _rng.Range(1, 10), ref _rng));
            }

            if (path < 0.95)
            {
                ExpireWaiting(first, count);
            }
            else
            {
                WaitThenWithdraw(first, count, at);
            }

            return 0;
        }

        private void WaitThenWithdraw(int first, int count, long at)
        {
            var withdraw = WorkCalendar.AfterDays(at, _rng.Range(5, 40), ref _rng);
            if (!OpenUntil(first, count, withdraw))
            {
                return;
            }

            Terminal(withdraw, RequestStatus.Withdrawn, ActorKind.Company, RequestFacts.None, WithdrawNote(ref R));
            CutMatches(first, count);
        }

        private void ExpireWaiting(int first, int count)
        {
            OpenUntil(first, count, long.MaxValue);
        }

        /// <summary>
        /// The request stays open (PartnersProposed) until <paramref name="until"/>, with the company's answers as activity:
        /// returns false when it expired first (or today came first); the matches are cut at that point.
        /// </summary>
        private bool OpenUntil(int first, int count, long until)
        {
            _activity.Clear();
            for (var m = first; m < first + count; m++)
            {
                if (Matches[m].RespondedAt != 0)
                {
                    _activity.Add(Matches[m].RespondedAt);
                }
            }

            _activity.Sort();
            foreach (var answer in _activity)
            {
                if (answer >= until)
                {
                    break;
                }

                if (ExpiryAt() < answer)
                {
                    break;
                }

                _lastActivity = Math.Max(_lastActivity, answer);
            }

            var expires = ExpiryAt();
            if (expires < until && expires < _now)
            {
                Terminal(expires, RequestStatus.Expired, ActorKind.System, RequestFacts.None, NotePool.DeadlinePassed);
                CutMatches(first, count);
                return false;
            }

            if (until >= _now)
            {
                _end = _now;
                CutMatches(first, count);
                return false;
            }

            return true;
        }

        /// <summary>The company accepts a partner (Connected) and the accepted matches go on to an agreement or not.</summary>
        private long Connect(ref RequestFacts r, int first, int count, long at)
        {
            var main = _rng.Chance(0.75) ? first : first + _rng.Next(count);
            var accepted = WorkCalendar.AfterDays(at, _rng.Skewed(1, 18, 1.5), ref _rng);
            var outcome = _rng.NextDouble();
            var noDeal = outcome >= 0.48 && outcome < 0.90;

            // The other proposals: declined (before acceptance for a story without a deal), accepted later, or left open.
            for (var m = first; m < first + count; m++)
            {
                if (m == main)
                {
                    continue;
                }

                var answer = _rng.NextDouble();
                if (answer < 0.55 || noDeal)
                {
                    var declinedAt = noDeal
                        ? at + _rng.RangeLong(Pg.Minute, Math.Max(2 * Pg.Minute, accepted - at - Pg.Minute))
                        : WorkCalendar.AfterDays(at, _rng.Range(1, 25), ref _rng);
                    if (noDeal && answer >= 0.55)
                    {
                        // Accepted later, with no deal in the end (before the main partner's end).
                        SetAccepted(m, accepted + _rng.RangeLong(Pg.Hour, 20 * Pg.Day));
                        continue;
                    }

                    Decline(m, declinedAt);
                }
                else if (answer < 0.70)
                {
                    SetAccepted(m, accepted + _rng.RangeLong(Pg.Hour, 20 * Pg.Day));
                }
            }

            // Until the first acceptance the request waits on the company: it may expire or be withdrawn.
            if (!OpenUntil(first, count, accepted))
            {
                return 0;
            }

            SetAccepted(main, accepted);
            var mainMatch = Matches[main];
            mainMatch.Pivotal = true;
            Matches[main] = mainMatch;
            Move(accepted, RequestStatus.Connected, ActorKind.Company, RequestFacts.None, -1);

            long close;
            if (noDeal)
            {
                var end = Progress(main, ending: End.NoDeal, stretch: 1);
                for (var m = first; m < first + count; m++)
                {
                    if (m != main && Matches[m].RespondedAt != 0 && !Matches[m].SmeDeclined)
                    {
                        ProgressBefore(m, end);
                    }
                }

                close = end;
                var final = Matches[main];
                var closedBy = final.OutcomeAt != 0 ? final.OutcomeBy : ActorKind.Institute;
                if (close < _now)
                {
                    Terminal(close, RequestStatus.Closed, closedBy, closedBy == ActorKind.Institute ? r.Lead : RequestFacts.None, -1);
                    r.Outcome = 2;
                }
            }
            else if (outcome < 0.48 || outcome >= 0.94)
            {
                // An agreement (after a long negotiation for a few).
                var end = Progress(main, ending: End.Agreement, stretch: outcome >= 0.94 ? 3 : 1);
                for (var m = first; m < first + count; m++)
                {
                    if (m != main && Matches[m].RespondedAt != 0 && !Matches[m].SmeDeclined)
                    {
                        Progress(m, ending: _rng.Chance(0.5) ? End.NoDeal : End.Open, stretch: 1);
                    }
                }

                close = end;
                if (close < _now)
                {
                    var by = Matches[main].OutcomeBy;
                    Terminal(close, RequestStatus.Closed, by, by == ActorKind.Institute ? r.Lead : RequestFacts.None, -1);
                    r.Outcome = 1;
                }
            }
            else
            {
                // Withdrawn while connected (before the main partner's agreement would have closed it).
                var agreement = Progress(main, ending: End.Agreement, stretch: 2);
                close = WorkCalendar.AfterDays(accepted, _rng.Range(15, 200), ref _rng);
                if (close >= agreement)
                {
                    close = accepted + ((agreement - accepted) / 2) + _rng.RangeLong(0, Pg.Hour);
                }
                if (close < _now)
                {
                    Terminal(close, RequestStatus.Withdrawn, ActorKind.Company, RequestFacts.None, WithdrawNote(ref r));
                }
            }

            if (close >= _now)
            {
                _end = _now;
            }

            CutMatches(first, count);
            return 0;
        }

        /// <summary>Every proposal of the round is declined; the last answer sends the request back to matching.</summary>
        private long AllDeclined(int first, int count, long at)
        {
            for (var m = first; m < first + count; m++)
            {
                Decline(m, WorkCalendar.AfterDays(at, _rng.Skewed(1, 20, 1.3), ref _rng));
            }

            long last = 0;
            var pivot = first;
            for (var m = first; m < first + count; m++)
            {
                if (Matches[m].RespondedAt > last)
                {
                    last = Matches[m].RespondedAt;
                    pivot = m;
                }
            }

            if (!OpenUntil(first, count, last))
            {
                return 0;
            }

            var match = Matches[pivot];
            match.Pivotal = true;
            Matches[pivot] = match;
            if (!Move(last, RequestStatus.Matching, ActorKind.Company, RequestFacts.None, -1))
            {
                CutMatches(first, count);
                return 0;
            }

            return last;
        }

        private enum End
        {
            Agreement,
            NoDeal,
            Open,
        }

        /// <summary>
        /// An accepted match goes on: the coordinator introduces the company (partner contacted), the partner answers, a
        /// meeting, then an agreement or no deal. Returns the instant of its end (agreement, no deal or partner declined).
        /// </summary>
        private long Progress(int m, End ending, int stretch)
        {
            var match = Matches[m];
            var t = match.RespondedAt;
            if (_rng.Chance(ending == End.Agreement ? 0.85 : 0.75))
            {
                t = plan.Calendar.AfterBusinessDays(t, _rng.Skewed(1, 10, 1.5), ref _rng);
                match.ContactedAt = t;
                t = plan.Calendar.AfterBusinessDays(t, _rng.Skewed(3, 25, 1.3) * stretch, ref _rng);
                var partnerDeclines = ending == End.NoDeal && _rng.Chance(0.35);
                match.PartnerRespondedAt = t;
                match.PartnerDeclined = partnerDeclines;
                match.PartnerComment = _rng.Chance(0.6)
                    ? NotePool.Pick(partnerDeclines ? plan.Notes.PartnerDeclined : plan.Notes.PartnerAccepted, ref _rng)
                    : (short)-1;
                if (partnerDeclines)
                {
                    Matches[m] = match;
                    return t;
                }
            }

            if (_rng.Chance(ending == End.Agreement ? 0.7 : 0.45))
            {
                var meeting = Pg.KstDay(t) + (_rng.Range(7, 60) * stretch);
                match.MeetingDay = meeting;
                t = Math.Max(t + Pg.Minute, Pg.StartOfKstDay(meeting + _rng.Range(0, 5)) + WorkCalendar.OfficeTime(ref _rng));
                match.MeetingRecordedAt = t;
                match.MeetingBy = _rng.Chance(0.5) ? ActorKind.Company : ActorKind.Institute;
            }

            if (ending == End.Open)
            {
                Matches[m] = match;
                return t;
            }

            t = WorkCalendar.AfterDays(t, _rng.Range(14, ending == End.Agreement ? 150 : 120) * stretch, ref _rng);
            match.OutcomeAt = t;
            match.OutcomeBy = _rng.Chance(0.5) ? ActorKind.Company : ActorKind.Institute;
            if (ending == End.Agreement)
            {
                match.Agreement = true;
                match.AgreementKind = (byte)_rng.Pick(AgreementKinds);
                match.OutcomeComment = _rng.Chance(0.5) ? NotePool.Pick(plan.Notes.Agreements, ref _rng) : (short)-1;
            }
            else
            {
                match.NoDealReason = (byte)_rng.Pick(NoDealReasons);
                match.OutcomeComment = match.NoDealReason == (byte)NoDealReason.Other || _rng.Chance(0.4) ? NotePool.Pick(plan.Notes.NoDeals, ref _rng) : (short)-1;
            }

            Matches[m] = match;
            return t;
        }

        /// <summary>Another accepted match of a story without a deal: it ends (no deal, or the partner declines) before <paramref name="end"/>.</summary>
        private void ProgressBefore(int m, long end)
        {
            var match = Matches[m];
            if (match.RespondedAt >= end)
            {
                match.RespondedAt = end - _rng.RangeLong(2 * Pg.Hour, 3 * Pg.Hour);
            }

            var t = match.RespondedAt;
            var span = Math.Max(4 * Pg.Minute, end - t);
            if (_rng.Chance(0.4))
            {
                match.ContactedAt = t + (span / 4);
                match.PartnerRespondedAt = t + (span / 2);
                match.PartnerDeclined = true;
                match.PartnerComment = _rng.Chance(0.5) ? NotePool.Pick(plan.Notes.PartnerDeclined, ref _rng) : (short)-1;
            }
            else
            {
                match.OutcomeAt = t + (span / 2) + _rng.RangeLong(0, span / 4);
                match.OutcomeBy = _rng.Chance(0.5) ? ActorKind.Company : ActorKind.Institute;
                match.NoDealReason = (byte)_rng.Pick(NoDealReasons);
                match.OutcomeComment = match.NoDealReason == (byte)NoDealReason.Other || _rng.Chance(0.4) ? NotePool.Pick(plan.Notes.NoDeals, ref _rng) : (short)-1;
            }

            Matches[m] = match;
        }

        private void SetAccepted(int m, long at)
        {
            var match = Matches[m];
            match.RespondedAt = at;
            match.SmeDeclined = false;
            Matches[m] = match;
        }

        private void Decline(int m, long at)
        {
            var match = Matches[m];
            match.RespondedAt = at;
            match.SmeDeclined = true;
            match.DeclineReason = (byte)_rng.Pick(DeclineReasons);
            match.DeclineComment = match.DeclineReason == (byte)SmeDeclineReason.Other || _rng.Chance(0.3)
                ? NotePool.Pick(R.English ? plan.Notes.SmeDeclineEn : plan.Notes.SmeDeclineKo, ref _rng)
                : (short)-1;
            Matches[m] = match;
        }

        /// <summary>What happened after the request's end or after today did not happen: later steps of the matches are dropped.</summary>
        private void CutMatches(int first, int count)
        {
            var cut = Math.Min(_now, _end == long.MaxValue ? long.MaxValue : _end + 1);
            for (var m = first; m < first + count; m++)
            {
                var match = Matches[m];
                if (match.RespondedAt == 0 || match.RespondedAt >= cut)
                {
                    ClearFrom(ref match, 1);
                }
                else if (match.SmeDeclined)
                {
                    ClearFrom(ref match, 2);
                }
                else
                {
                    if (match.ContactedAt != 0 && match.ContactedAt >= cut)
                    {
                        ClearFrom(ref match, 2);
                    }

                    if (match.PartnerRespondedAt != 0 && (match.PartnerRespondedAt >= cut || match.ContactedAt == 0))
                    {
                        ClearFrom(ref match, 3);
                    }

                    if (match.PartnerDeclined)
                    {
                        ClearFrom(ref match, 4);
                    }

                    if (match.MeetingRecordedAt != 0 && match.MeetingRecordedAt >= cut)
                    {
                        ClearFrom(ref match, 4);
                    }

                    if (match.OutcomeAt != 0 && match.OutcomeAt >= cut)
                    {
                        ClearFrom(ref match, 5);
                    }
                }

                match.Status = StatusOf(match);
                Matches[m] = match;
            }
        }

        /// <summary>Drops a match's steps from a level on: 1 the company's answer, 2 partner contacted, 3 the partner's answer, 4 the meeting, 5 the outcome.</summary>
        private static void ClearFrom(ref MatchFacts match, int level)
        {
            if (level <= 1)
            {
                match.RespondedAt = 0;
                match.SmeDeclined = false;
                match.DeclineReason = RequestFacts.None;
                match.DeclineComment = -1;
                match.Pivotal = false;
            }

            if (level <= 2)
            {
                match.ContactedAt = 0;
            }

            if (level <= 3)
            {
                match.PartnerRespondedAt = 0;
                match.PartnerDeclined = false;
                match.PartnerComment = -1;
            }

            if (level <= 4)
            {
                match.MeetingRecordedAt = 0;
                match.MeetingDay = int.MinValue;
            }

            match.OutcomeAt = 0;
            match.Agreement = false;
            match.AgreementKind = RequestFacts.None;
            match.NoDealReason = RequestFacts.None;
            match.OutcomeComment = -1;
        }

        private static MatchStatus StatusOf(in MatchFacts match)
        {
            if (match.RespondedAt == 0)
            {
                return MatchStatus.Proposed;
            }

            if (match.SmeDeclined)
            {
                return MatchStatus.DeclinedBySme;
            }

            if (match.OutcomeAt != 0)
            {
                return match.Agreement ? MatchStatus.Agreement : MatchStatus.NoDeal;
            }

            if (match.MeetingRecordedAt != 0)
            {
                return MatchStatus.MeetingHeld;
            }

            if (match.PartnerRespondedAt != 0)
            {
                return match.PartnerDeclined ? MatchStatus.PartnerDeclined : MatchStatus.PartnerAccepted;
            }

            return match.ContactedAt != 0 ? MatchStatus.PartnerContacted : MatchStatus.AcceptedBySme;
        }

        /// <summary>Ranks of the round's partners in the engine's order (score first), with the gaps of a coordinator's picks; a few picked from far down, with a reason.</summary>
        private void Rank(int first)
        {
            var count = Matches.Count - first;
            for (var a = first + 1; a < first + count; a++)
            {
                var item = Matches[a];
                var b = a - 1;
                while (b >= first && Matches[b].Score < item.Score)
                {
                    Matches[b + 1] = Matches[b];
                    b--;
                }

                Matches[b + 1] = item;
            }

            // Ranks within the engine's top 10 (the coordinator needs no reason for those), with gaps.
            var rank = 0;
            for (var m = first; m < first + count; m++)
            {
                var match = Matches[m];
                var remaining = first + count - 1 - m;
                rank = Math.Max(rank + 1, Math.Min(rank + 1 + (_rng.Chance(0.3) ? _rng.Next(3) : 0), MatchingLowRank - remaining));
                match.Rank = (short)rank;
                if (m == first + count - 1 && count > 1 && _rng.Chance(0.08))
                {
                    match.Rank = _rng.Chance(0.4) ? (short)-1 : (short)(rank + _rng.Range(8, 30));
                    match.ProposalNote = NotePool.Pick(plan.Notes.LowRank, ref _rng);
                }
                else if (_rng.Chance(0.25))
                {
                    match.ProposalNote = NotePool.Pick(plan.Notes.Proposal, ref _rng);
                }

                Matches[m] = match;
            }
        }

        /// <summary>Distinct partners that existed and were active at the time and pass the request's hard filters (mostly of its own leaves).</summary>
        private void PickPartners(ref RequestFacts r, int count, long at)
        {
            _picks.Clear();
            for (var attempt = 0; attempt < count * 12 && _picks.Count < count; attempt++)
            {
                var leaf = attempt < count * 8
                    ? (r.LeafCount == 1 || _rng.Chance(0.7) ? r.Leaf0 : r.Leaf(_rng.Next(r.LeafCount)))
                    : _rng.Pick(_ref.AreaLeaves[_ref.Leaves[r.Leaf0].Area]);
                var candidates = plan._activeByLeaf[leaf];
                var existing = UpperBound(plan._activeByLeafCreated[leaf], at);
                if (existing == 0)
                {
                    continue;
                }

                TryPick(ref r, candidates[_rng.Next(existing)]);
            }

            // A small registry: any active partner of the time that passes the filters.
            for (var attempt = 0; attempt < count * 20 && _picks.Count < count; attempt++)
            {
                var p = _rng.Next(plan.Partners.Length);
                if (plan.Partners[p].Active && plan.Partners[p].CreatedAt < at)
                {
                    TryPick(ref r, p);
                }
            }
        }

        private void TryPick(ref RequestFacts r, int p)
        {
            ref readonly var partner = ref plan.Partners[p];
            if (_picks.Contains(p) || partner.Country == r.Excluded
                || (r.TypeMask != 0 && (r.TypeMask & (1 << partner.Type)) == 0)
                || (partner.CooperationMask != 0 && (partner.CooperationMask & (1 << r.Cooperation)) == 0))
            {
                return;
            }

            for (var m = _matchStart; m < Matches.Count; m++)
            {
                if (Matches[m].Partner == p)
                {
                    return;
                }
            }

            _picks.Add(p);
        }

        private static int UpperBound(long[] sorted, long value)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sorted[mid] < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        /// <summary>An unanswered proposal added to a round (the count adjustment): a partner not yet proposed for the request.</summary>
        public MatchFacts? ExtraProposal(MatchFacts template, int[] taken, ref Rng rng)
        {
            _index = template.Request;
            ref var r = ref plan.Requests[_index];
            _rng = rng;
            _picks.Clear();
            _matchStart = Matches.Count;
            for (var attempt = 0; attempt < 60 && _picks.Count == 0; attempt++)
            {
                var leaf = r.Leaf(_rng.Next(r.LeafCount));
                var existing = UpperBound(plan._activeByLeafCreated[leaf], template.ProposedAt);
                if (existing == 0)
                {
                    continue;
                }

                var p = plan._activeByLeaf[leaf][_rng.Next(existing)];
                if (Array.IndexOf(taken, p) < 0)
                {
                    TryPick(ref r, p);
                }
            }

            rng = _rng;
            if (_picks.Count == 0)
            {
                return null;
            }

            var partner = _picks[0];
            return new MatchFacts
            {
                Request = template.Request,
                Partner = partner,
                Round = template.Round,
                ProposedAt = template.ProposedAt,
                Proposer = template.Proposer,
                Score = plan.Factors.Score(r, plan.Partners[partner], r.Lead),
                Rank = -1,
                Status = MatchStatus.Proposed,
                ProposalNote = NotePool.Pick(plan.Notes.LowRank, ref rng),
                DeclineReason = RequestFacts.None,
                AgreementKind = RequestFacts.None,
                NoDealReason = RequestFacts.None,
                DeclineComment = -1,
                PartnerComment = -1,
                OutcomeComment = -1,
                MeetingDay = int.MinValue,
            };
        }

        /// <summary>The request waits where it is (nobody acts) until the expiry job expires it, unless today comes first.</summary>
        private void Stall()
        {
            var expires = ExpiryAt();
            if (expires < _now)
            {
                Terminal(expires, RequestStatus.Expired, ActorKind.System, RequestFacts.None, NotePool.DeadlinePassed);
            }
        }

        /// <summary>When the hourly expiry job expires the request if nothing else happens (deadline passed and a week without activity).</summary>
        private long ExpiryAt()
        {
            var deadline = R.Deadline;
            var due = Math.Max(Pg.StartOfKstDay(deadline + 1), _lastActivity + (PartnershipRequest.InactivityDaysBeforeExpiry * Pg.Day));
            return due + (((long)(Rng.Mix((ulong)(_index + due)) % 59) + 1) * Pg.Minute);
        }

        /// <summary>A move after some days by the company or the institute, unless the request expires first or today comes first.</summary>
        private void Step(long from, long after, RequestStatus to, ActorKind actor, short note)
        {
            var at = actor == ActorKind.Institute ? plan.Calendar.AfterBusinessDays(from, (int)(after / Pg.Day), ref _rng) : WorkCalendar.AfterDays(from, (int)(after / Pg.Day), ref _rng);
            if (CanReach(at))
            {
                Terminal(at, to, actor, actor == ActorKind.Institute ? R.Lead : RequestFacts.None, note);
            }
        }

        private void InstituteStep(long from, int businessDays, RequestStatus to, short note)
        {
            var at = businessDays == 0 ? from + Pg.Hour : plan.Calendar.AfterBusinessDays(from, businessDays, ref _rng);
            if (CanReach(at))
            {
                Terminal(at, to, ActorKind.Institute, R.Lead, note);
            }
        }

        /// <summary>True when the request (open) gets to <paramref name="at"/> without expiring and before today; otherwise records the expiry (if before today).</summary>
        private bool CanReach(long at)
        {
            if (IsOpen(_status))
            {
                var expires = ExpiryAt();
                if (expires < at)
                {
                    if (expires < _now)
                    {
                        Terminal(expires, RequestStatus.Expired, ActorKind.System, RequestFacts.None, NotePool.DeadlinePassed);
                    }

                    return false;
                }
            }

            return at < _now;
        }

        private bool Move(long at, RequestStatus to, ActorKind actor, byte organization, short note)
        {
            if (!CanReach(at))
            {
                return false;
            }

            Add(at, _status, to, actor, organization, note);
            return true;
        }

        private void Terminal(long at, RequestStatus to, ActorKind actor, byte organization, short note)
        {
            Add(at, _status, to, actor, organization, note);
            _end = at;
        }

        private void Add(long at, RequestStatus? from, RequestStatus to, ActorKind actor, byte organization, short note)
        {
            Events.Add(new RequestEventFacts { At = at, From = from, To = to, Actor = actor, Organization = organization, Note = note, Detail1 = RequestFacts.None, Detail2 = RequestFacts.None });
            _status = to;
            _lastActivity = at;
        }

        private void AddEvent(long at, RequestEvent kind, byte actorOrganization, byte detail1, byte detail2, short note)
        {
            Events.Add(new RequestEventFacts
            {
                At = at, From = _status, To = _status, Actor = ActorKind.Institute, Organization = actorOrganization, Event = kind, Detail1 = detail1, Detail2 = detail2, Note = note,
            });
            _lastActivity = at;
        }

        private short WithdrawNote(ref RequestFacts r) =>
            _rng.Chance(0.5) ? NotePool.Pick(r.English ? plan.Notes.WithdrawEn : plan.Notes.WithdrawKo, ref _rng) : (short)-1;

        /// <summary>The request's fields from its history (and its matches' activity), and which of its rounds may take one more open proposal.</summary>
        private void Finish(ref RequestFacts r)
        {
            r.EventCount = Events.Count - r.EventStart;
            r.Status = _status;
            long statusChanged = r.CreatedAt, submitted = 0, last = _lastActivity;
            for (var e = r.EventStart; e < Events.Count; e++)
            {
                var row = Events[e];
                last = Math.Max(last, row.At);
                if (row.Event is null)
                {
                    statusChanged = row.At;
                }

                if (row.To == RequestStatus.Submitted && row.Event is null)
                {
                    submitted = row.At;
                }
            }

            for (var m = _matchStart; m < Matches.Count; m++)
            {
                var match = Matches[m];
                last = Math.Max(last, Math.Max(Math.Max(match.ProposedAt, match.RespondedAt), Math.Max(Math.Max(match.ContactedAt, match.PartnerRespondedAt),
                    Math.Max(match.MeetingRecordedAt, match.OutcomeAt))));
            }

            r.StatusChangedAt = statusChanged;
            r.SubmittedAt = submitted;
            r.LastActivityAt = last;
            r.UpdatedAt = last;
            if (_status.IsTerminal())
            {
                r.ClosedAt = _end;
            }

            // The expiry warning went out a week before the deadline if the request was open then.
            if (r.Deadline != int.MinValue)
            {
                var warning = Pg.StartOfKstDay(r.Deadline - PartnershipRequest.ExpiryWarningDays) + (((long)(Rng.Mix((ulong)r.Deadline ^ (ulong)_index) % 59) + 1) * Pg.Minute);
                if (warning < _now && r.FirstSubmittedAt != 0 && warning > r.FirstSubmittedAt && StatusAt(r, warning) is { } at && IsOpen(at))
                {
                    r.WarningAt = warning;
                }
            }

            var lastRound = Result.Rounds.Count - 1;
            if (lastRound >= 0 && Result.Rounds[lastRound].Request == _index)
            {
                var round = Result.Rounds[lastRound];
                var allDeclined = true;
                for (var m = _matchStart; m < Matches.Count; m++)
                {
                    if (Matches[m].Round == lastRound && Matches[m].Status != MatchStatus.DeclinedBySme)
                    {
                        allDeclined = false;
                    }
                }

                round.MayAddPending = !allDeclined && !(r.Status == RequestStatus.Closed && r.Outcome == 2);
                Result.Rounds[lastRound] = round;
            }

            // Matches of rounds that ended with today are cut (the connect path cuts its own).
            for (var m = _matchStart; m < Matches.Count; m++)
            {
                var match = Matches[m];
                match.Status = StatusOf(match);
                Matches[m] = match;
            }
        }

        private static bool IsOpen(RequestStatus status) =>
            status is RequestStatus.Submitted or RequestStatus.InReview or RequestStatus.NeedsInformation or RequestStatus.Matching or RequestStatus.PartnersProposed;

        private RequestStatus? StatusAt(in RequestFacts r, long at)
        {
            RequestStatus? status = null;
            for (var e = r.EventStart; e < r.EventStart + r.EventCount; e++)
            {
                if (Events[e].At > at)
                {
                    break;
                }

                if (Events[e].Event is null)
                {
                    status = Events[e].To;
                }
            }

            return status;
        }
    }

    /// <summary>When a company's contact person (1 or 2) consented to transfer abroad (0: never).</summary>
    public long ConsentTransferAt(int company, int contact)
    {
        ref readonly var c = ref Companies[company];
        if (contact == 1 ? !c.Contact1Transfer : !c.Contact2Transfer)
        {
            return long.MaxValue;
        }

        var at = contact == 1 ? c.Contact1At : c.Contact2At;
        return at + ((long)(Rng.Mix((ulong)company * 31 + (ulong)contact) % (3 * 24 * 60)) + 1) * Pg.Minute;
    }
}
