using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;

namespace CarbonNeutralConsortium.Domain.Tests;

/// <summary>The match lifecycle of DOMAIN.md and the rules on reasons, comments, dates and scores.</summary>
public class MatchTests
{
    private static readonly DateTimeOffset Proposed = new(2026, 5, 4, 2, 0, 0, TimeSpan.Zero);
    private static readonly Actor Member = new(Guid.NewGuid(), "김기업", ActorSide.Company);
    private static readonly Actor Coordinator = new(Guid.NewGuid(), "이코디", ActorSide.Institute, "KRICT");

    private static readonly Dictionary<MatchStatus, MatchStatus[]> Expected = new()
    {
        [MatchStatus.Proposed] = [MatchStatus.AcceptedBySme, MatchStatus.DeclinedBySme],
        [MatchStatus.AcceptedBySme] = [MatchStatus.PartnerContacted, MatchStatus.MeetingHeld, MatchStatus.Agreement, MatchStatus.NoDeal],
        [MatchStatus.DeclinedBySme] = [],
        [MatchStatus.PartnerContacted] = [MatchStatus.PartnerAccepted, MatchStatus.PartnerDeclined, MatchStatus.MeetingHeld, MatchStatus.Agreement, MatchStatus.NoDeal],
        [MatchStatus.PartnerAccepted] = [MatchStatus.MeetingHeld, MatchStatus.Agreement, MatchStatus.NoDeal],
        [MatchStatus.PartnerDeclined] = [],
        [MatchStatus.MeetingHeld] = [MatchStatus.Agreement, MatchStatus.NoDeal],
        [MatchStatus.Agreement] = [],
        [MatchStatus.NoDeal] = [],
    };

    public static TheoryData<MatchStatus, MatchStatus, bool> AllPairs()
    {
        var data = new TheoryData<MatchStatus, MatchStatus, bool>();
        foreach (var from in Enum.GetValues<MatchStatus>())
        {
            foreach (var to in Enum.GetValues<MatchStatus>())
            {
                data.Add(from, to, Expected[from].Contains(to));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Each_match_transition_is_allowed_or_refused_as_the_lifecycle_says(MatchStatus from, MatchStatus to, bool allowed)
    {
        var clock = new TestClock(Proposed);
        var match = InState(from, clock);
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(allowed, match.CanMoveTo(to));
        Action move = to switch
        {
            MatchStatus.Proposed => () => throw new DomainException("Match.TransitionNotAllowed"),
            MatchStatus.AcceptedBySme => () => match.AcceptBySme(Member, clock),
            MatchStatus.DeclinedBySme => () => match.DeclineBySme(Member, SmeDeclineReason.TimingNotRight, null, clock),
            MatchStatus.PartnerContacted => () => match.MarkPartnerContacted(Coordinator, clock),
            MatchStatus.PartnerAccepted => () => match.RecordPartnerResponse(Coordinator, true, null, clock),
            MatchStatus.PartnerDeclined => () => match.RecordPartnerResponse(Coordinator, false, "no capacity", clock),
            MatchStatus.MeetingHeld => () => match.RecordMeeting(Member, KoreaTime.Today(clock), clock),
            MatchStatus.Agreement => () => match.RecordAgreement(Member, AgreementKind.Mou, null, clock),
            _ => () => match.RecordNoDeal(Member, NoDealReason.CommercialTerms, null, clock),
        };
        var historyBefore = match.History.Count;

        if (allowed)
        {
            move();
            Assert.Equal(to, match.Status);
            Assert.Equal(historyBefore + 1, match.History.Count);
            Assert.Equal(from, match.History.Last().From);
        }
        else
        {
            Assert.Equal("Match.TransitionNotAllowed", Assert.Throws<DomainException>(move).Code);
            Assert.Equal(from, match.Status);
            Assert.Equal(historyBefore, match.History.Count);
        }
    }

    [Fact]
    public void Declining_with_other_needs_a_comment_while_a_listed_reason_does_not()
    {
        var clock = new TestClock(Proposed);
        var match = InState(MatchStatus.Proposed, clock);

        Assert.Equal("Match.DeclineCommentRequired", Assert.Throws<DomainException>(() => match.DeclineBySme(Member, SmeDeclineReason.Other, "  ", clock)).Code);
        Assert.Equal(MatchStatus.Proposed, match.Status);

        match.DeclineBySme(Member, SmeDeclineReason.AlreadyInContact, null, clock);
        Assert.Equal(SmeDeclineReason.AlreadyInContact, match.SmeDeclineReason);
        Assert.Null(match.DeclineComment);
        Assert.True(match.IsFinished);
    }

    [Fact]
    public void Declining_with_other_keeps_the_trimmed_comment()
    {
        var clock = new TestClock(Proposed);
        var match = InState(MatchStatus.Proposed, clock);

        match.DeclineBySme(Member, SmeDeclineReason.Other, "  자체 개발로 전환했습니다. ", clock);

        Assert.Equal("자체 개발로 전환했습니다.", match.DeclineComment);
        Assert.Equal(clock.GetUtcNow(), match.RespondedAt);
    }

    [Fact]
    public void A_comment_over_2000_characters_is_refused()
    {
        var clock = new TestClock(Proposed);
        var match = InState(MatchStatus.Proposed, clock);

        Assert.Equal("Match.CommentTooLong", Assert.Throws<DomainException>(() => match.DeclineBySme(Member, SmeDeclineReason.Other, new string('x', 2001), clock)).Code);
    }

    [Fact]
    public void No_deal_with_other_needs_a_comment()
    {
        var clock = new TestClock(Proposed);
        var match = InState(MatchStatus.AcceptedBySme, clock);

        Assert.Equal("Match.NoDealCommentRequired", Assert.Throws<DomainException>(() => match.RecordNoDeal(Member, NoDealReason.Other, null, clock)).Code);
        match.RecordNoDeal(Member, NoDealReason.Other, "파트너 측 조직 개편", clock);
        Assert.Equal(NoDealReason.Other, match.NoDealReason);
        Assert.Equal("파트너 측 조직 개편", match.OutcomeComment);
        Assert.True(match.IsFinished);
    }

    [Fact]
    public void A_meeting_date_must_lie_between_the_proposal_and_today()
    {
        var clock = new TestClock(Proposed);
        var match = InState(MatchStatus.AcceptedBySme, clock);
        clock.Advance(TimeSpan.FromDays(10));
        var today = KoreaTime.Today(clock);

        Assert.Equal("Match.MeetingDateOutOfRange", Assert.Throws<DomainException>(() => match.RecordMeeting(Member, today.AddDays(1), clock)).Code);
        Assert.Equal("Match.MeetingDateOutOfRange", Assert.Throws<DomainException>(() => match.RecordMeeting(Member, today.AddDays(-11), clock)).Code);
        match.RecordMeeting(Member, today.AddDays(-3), clock);
        Assert.Equal(today.AddDays(-3), match.MeetingHeldOn);
    }

    [Fact]
    public void An_agreement_records_its_kind_and_finishes_the_match()
    {
        var clock = new TestClock(Proposed);
        var match = InState(MatchStatus.MeetingHeld, clock);

        match.RecordAgreement(Member, AgreementKind.JointProject, "공동과제 제안 예정", clock);

        Assert.Equal(AgreementKind.JointProject, match.AgreementKind);
        Assert.Equal(clock.GetUtcNow(), match.OutcomeAt);
        Assert.True(match.IsFinished);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.1)]
    [InlineData(double.NaN)]
    public void A_score_outside_0_to_100_is_refused(double score)
    {
        var error = Assert.Throws<DomainException>(() => Match.Propose(Guid.NewGuid(), Guid.NewGuid(), score, 1, "v1", [], null, Coordinator, new TestClock(Proposed)));
        Assert.Equal("Match.ScoreOutOfRange", error.Code);
    }

    [Fact]
    public void The_score_factors_and_engine_version_are_frozen_on_the_proposal()
    {
        var factors = new List<MatchFactor> { new("technology", 40, "기술 일치", "Technology matches") };
        var match = Match.Propose(Guid.NewGuid(), Guid.NewGuid(), 72.5, 3, "engine-7", factors, " 낮은 순위지만 기존 협력 실적이 있습니다. ", Coordinator, new TestClock(Proposed));
        factors.Add(new MatchFactor("country", 10, "국가", "Country"));

        Assert.Single(match.Factors);
        Assert.Equal("engine-7", match.EngineVersion);
        Assert.Equal("낮은 순위지만 기존 협력 실적이 있습니다.", match.ProposalNote);
        Assert.Equal("KRICT", match.ProposedByOrganizationCode);
        Assert.Equal(MatchStatus.Proposed, match.Status);
    }

    private static Match InState(MatchStatus target, TestClock clock)
    {
        var match = Match.Propose(Guid.NewGuid(), Guid.NewGuid(), 80, 1, "v1", [new MatchFactor("technology", 40, "기술 일치", "Technology matches")], null, Coordinator, clock);
        switch (target)
        {
            case MatchStatus.Proposed:
                break;
            case MatchStatus.DeclinedBySme:
                match.DeclineBySme(Member, SmeDeclineReason.CostOrBudget, null, clock);
                break;
            default:
                match.AcceptBySme(Member, clock);
                if (target is MatchStatus.PartnerContacted or MatchStatus.PartnerAccepted or MatchStatus.PartnerDeclined)
                {
                    match.MarkPartnerContacted(Coordinator, clock);
                }

                if (target is MatchStatus.PartnerAccepted or MatchStatus.PartnerDeclined)
                {
                    match.RecordPartnerResponse(Coordinator, target == MatchStatus.PartnerAccepted, null, clock);
                }

                if (target is MatchStatus.MeetingHeld)
                {
                    match.RecordMeeting(Member, KoreaTime.Today(clock), clock);
                }

                if (target is MatchStatus.Agreement)
                {
                    match.RecordAgreement(Member, AgreementKind.Nda, null, clock);
                }

                if (target is MatchStatus.NoDeal)
                {
                    match.RecordNoDeal(Member, NoDealReason.TechnologyGap, null, clock);
                }

                break;
        }

        Assert.Equal(target, match.Status);
        return match;
    }
}
