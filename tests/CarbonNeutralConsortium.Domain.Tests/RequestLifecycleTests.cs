using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Domain.Tests;

/// <summary>The request lifecycle of DOMAIN.md: every allowed and every refused transition, withdrawal, and the expiry rules.</summary>
public class RequestLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero); // 10:00 KST, Monday 2 March 2026
    private static readonly Actor Member = new(Guid.NewGuid(), "김기업", ActorSide.Company);
    private static readonly Actor Coordinator = new(Guid.NewGuid(), "이코디", ActorSide.Institute, "KRICT");
    private static readonly RoutingDecision Routing = new("KRICT", [new ContributorSuggestion("ETRI", ["DX.AI"])]);

    /// <summary>The allowed transitions, written out from DOMAIN.md (the test does not read the production table).</summary>
    private static readonly Dictionary<RequestStatus, RequestStatus[]> Expected = new()
    {
        [RequestStatus.Draft] = [RequestStatus.Submitted, RequestStatus.Withdrawn],
        [RequestStatus.Submitted] = [RequestStatus.InReview, RequestStatus.Withdrawn, RequestStatus.Declined, RequestStatus.Expired],
        [RequestStatus.InReview] = [RequestStatus.NeedsInformation, RequestStatus.Matching, RequestStatus.Withdrawn, RequestStatus.Declined, RequestStatus.Expired],
        [RequestStatus.NeedsInformation] = [RequestStatus.Submitted, RequestStatus.Withdrawn, RequestStatus.Declined, RequestStatus.Expired],
        [RequestStatus.Matching] = [RequestStatus.PartnersProposed, RequestStatus.Withdrawn, RequestStatus.Declined, RequestStatus.Expired],
        [RequestStatus.PartnersProposed] = [RequestStatus.Connected, RequestStatus.Matching, RequestStatus.Withdrawn, RequestStatus.Expired],
        [RequestStatus.Connected] = [RequestStatus.Closed, RequestStatus.Withdrawn],
        [RequestStatus.Closed] = [],
        [RequestStatus.Withdrawn] = [],
        [RequestStatus.Declined] = [],
        [RequestStatus.Expired] = [],
    };

    public static TheoryData<RequestStatus, RequestStatus, bool> AllPairs()
    {
        var data = new TheoryData<RequestStatus, RequestStatus, bool>();
        foreach (var from in Enum.GetValues<RequestStatus>())
        {
            foreach (var to in Enum.GetValues<RequestStatus>())
            {
                data.Add(from, to, Expected[from].Contains(to));
            }
        }

        return data;
    }

    public static TheoryData<RequestStatus> NonTerminal() =>
        [.. Enum.GetValues<RequestStatus>().Where(s => !s.IsTerminal())];

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Each_transition_is_allowed_or_refused_as_the_lifecycle_says(RequestStatus from, RequestStatus to, bool allowed)
    {
        var clock = new TestClock(Start);
        var request = InState(from, clock);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(allowed, request.CanTransitionTo(to));
        var historyBefore = request.History.Count;
        var move = MoveTo(request, to, clock);
        if (move is null)
        {
            return; // Expired: only through the expiry rules, tested below.
        }

        if (allowed)
        {
            move();
            Assert.Equal(to, request.Status);
            var last = request.History.Last();
            Assert.Equal(from, last.From);
            Assert.Equal(to, last.To);
            Assert.Equal(clock.GetUtcNow(), last.At);
            Assert.Equal(historyBefore + 1, request.History.Count);
        }
        else
        {
            var error = Assert.Throws<DomainException>(move);
            Assert.Contains(error.Code, new[] { "Request.TransitionNotAllowed", "Request.NotSubmittable" });
            Assert.Equal(from, request.Status);
            Assert.Equal(historyBefore, request.History.Count);
        }
    }

    [Theory]
    [MemberData(nameof(NonTerminal))]
    public void A_request_can_be_withdrawn_from_every_unfinished_state_with_an_optional_reason(RequestStatus from)
    {
        var clock = new TestClock(Start);
        var request = InState(from, clock);

        request.Withdraw(Member, from == RequestStatus.Draft ? null : "  내부 사정으로 보류합니다.  ", clock);

        Assert.Equal(RequestStatus.Withdrawn, request.Status);
        Assert.Equal(clock.GetUtcNow(), request.ClosedAt);
        var last = request.History.Last();
        Assert.Equal(Member.UserId, last.ActorUserId);
        Assert.Equal(from == RequestStatus.Draft ? null : "내부 사정으로 보류합니다.", last.Note);
        Assert.Throws<DomainException>(() => request.Withdraw(Member, null, clock));
    }

    [Fact]
    public void A_withdrawal_reason_over_2000_characters_is_refused()
    {
        var clock = new TestClock(Start);
        var request = InState(RequestStatus.InReview, clock);

        var error = Assert.Throws<DomainException>(() => request.Withdraw(Member, new string('가', 2001), clock));

        Assert.Equal("Request.NoteTooLong", error.Code);
        Assert.Equal(RequestStatus.InReview, request.Status);
    }

    [Fact]
    public void A_persons_note_can_never_pass_for_a_system_note()
    {
        var clock = new TestClock(Start);
        var request = InState(RequestStatus.InReview, clock);

        var error = Assert.Throws<DomainException>(() => request.Withdraw(Member, "system:Routing", clock));

        Assert.Equal("Request.NoteInvalid", error.Code);
        request.Withdraw(Member, "Routing", clock);
        Assert.Null(RequestStatusChange.SystemNoteCode(request.History.Last().Note));
    }

    [Fact]
    public void Returning_for_information_and_declining_need_a_note()
    {
        var clock = new TestClock(Start);
        var request = InState(RequestStatus.InReview, clock);

        Assert.Equal("Request.NoteRequired", Assert.Throws<DomainException>(() => request.ReturnForInformation(Coordinator, "   ", clock)).Code);
        Assert.Equal("Request.NoteRequired", Assert.Throws<DomainException>(() => request.Decline(Coordinator, "", clock)).Code);
        request.ReturnForInformation(Coordinator, "처리 용량을 알려 주세요.", clock);
        Assert.Equal("처리 용량을 알려 주세요.", request.History.Last().Note);
    }

    [Fact]
    public void Resubmitting_after_a_question_keeps_the_reference_number_and_notes_the_resubmission()
    {
        var clock = new TestClock(Start);
        var request = InState(RequestStatus.NeedsInformation, clock);
        var reference = request.ReferenceNumber;

        request.Submit(Member, Routing, "CNC-2026-999999", clock);

        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal(reference, request.ReferenceNumber);
        Assert.Equal("system:Resubmitted", request.History.Last().Note);
    }

    [Fact]
    public void The_expiry_warning_is_due_from_seven_days_before_the_deadline_and_only_once()
    {
        var clock = new TestClock(Start);
        var request = InState(RequestStatus.InReview, clock, deadlineInDays: 30);

        clock.Set(At(22)); // 8 days before the deadline
        Assert.False(request.NeedsExpiryWarning(clock));
        clock.Set(At(23)); // 7 days before
        Assert.True(request.NeedsExpiryWarning(clock));

        request.MarkExpiryWarningSent(clock);
        Assert.False(request.NeedsExpiryWarning(clock));
        clock.Set(At(29));
        Assert.False(request.NeedsExpiryWarning(clock));
    }

    [Fact]
    public void Changing_the_deadline_while_editing_allows_a_new_warning()
    {
        var clock = new TestClock(Start);
        var request = InState(RequestStatus.NeedsInformation, clock, deadlineInDays: 10);
        clock.Set(At(4));
        request.MarkExpiryWarningSent(clock);

        request.SetTimeline(null, 12, KoreaTime.Today(clock).AddDays(5), null, null, clock);

        Assert.True(request.NeedsExpiryWarning(clock));
    }

    [Fact]
    public void A_request_expires_only_after_its_deadline_and_seven_days_without_activity()
    {
        var clock = new TestClock(Start);
        var request = InState(RequestStatus.Matching, clock, deadlineInDays: 10);

        clock.Set(At(10)); // the deadline day itself: not passed yet
        Assert.False(request.IsDueToExpire(clock));
        clock.Set(At(11)); // passed, and nothing happened for 11 days
        Assert.True(request.IsDueToExpire(clock));

        request.RecordActivity(clock); // someone wrote a message
        clock.Set(clock.GetUtcNow().AddDays(6).AddHours(23));
        Assert.False(request.IsDueToExpire(clock));
        Assert.Equal("Request.NotDueToExpire", Assert.Throws<DomainException>(() => request.Expire(clock)).Code);

        clock.Set(clock.GetUtcNow().AddHours(1));
        Assert.True(request.IsDueToExpire(clock));
        request.Expire(clock);

        Assert.Equal(RequestStatus.Expired, request.Status);
        var last = request.History.Last();
        Assert.Equal("system:DeadlinePassed", last.Note);
        Assert.Equal(ActorSide.System, last.ActorSide);
        Assert.False(request.IsDueToExpire(clock));
        Assert.False(request.NeedsExpiryWarning(clock));
    }

    [Theory]
    [InlineData(RequestStatus.Draft)]
    [InlineData(RequestStatus.Connected)]
    [InlineData(RequestStatus.Withdrawn)]
    [InlineData(RequestStatus.Declined)]
    public void Drafts_connected_and_finished_requests_never_expire_or_get_a_warning(RequestStatus status)
    {
        var clock = new TestClock(Start);
        var request = InState(status, clock, deadlineInDays: 3);

        clock.Set(At(60));

        Assert.False(request.IsDueToExpire(clock));
        Assert.False(request.NeedsExpiryWarning(clock));
    }

    private static DateTimeOffset At(int days) => Start.AddDays(days);

    private static Action? MoveTo(PartnershipRequest request, RequestStatus to, TimeProvider clock) => to switch
    {
        RequestStatus.Draft => () => throw new DomainException("Request.TransitionNotAllowed"),
        RequestStatus.Submitted => () => request.Submit(Member, Routing, "CNC-2026-000002", clock),
        RequestStatus.InReview => () => request.StartReview(Coordinator, clock),
        RequestStatus.NeedsInformation => () => request.ReturnForInformation(Coordinator, "예산 범위를 알려 주세요.", clock),
        RequestStatus.Matching => () => request.StartMatching(Coordinator, null, clock),
        RequestStatus.PartnersProposed when request.Status == RequestStatus.PartnersProposed => () => throw new DomainException("Request.TransitionNotAllowed"),
        RequestStatus.PartnersProposed => () => request.MarkPartnersProposed(Coordinator, null, clock),
        RequestStatus.Connected => () => request.MarkConnected(Member, null, clock),
        RequestStatus.Closed => () => request.Close(Member, RequestOutcome.Agreement, null, clock),
        RequestStatus.Withdrawn => () => request.Withdraw(Member, null, clock),
        RequestStatus.Declined => () => request.Decline(Coordinator, "지원 범위가 아닙니다.", clock),
        _ => null,
    };

    /// <summary>A complete request driven through the domain methods to <paramref name="target"/>.</summary>
    internal static PartnershipRequest InState(RequestStatus target, TestClock clock, int deadlineInDays = 90)
    {
        var request = PartnershipRequest.CreateDraft(Guid.NewGuid(), Guid.NewGuid(), "메탄 건식 개질 촉매", Member, clock);
        request.SetNeed("메탄 건식 개질 촉매", "건식 개질 촉매 기술 도입", "technology_introduction", clock);
        request.SetTechnology("PETROCHEMICAL", ["CCUS.METHANE", "DX.AI"], ["메탄"], 3, 6, clock);
        request.SetTimeline(null, 12, KoreaTime.Today(clock).AddDays(deadlineInDays), null, null, clock);
        request.SetConfidentiality(null, Guid.NewGuid(), false, clock);
        if (target == RequestStatus.Draft)
        {
            return request;
        }

        request.Submit(Member, Routing, "CNC-2026-000001", clock);
        switch (target)
        {
            case RequestStatus.Submitted:
                break;
            case RequestStatus.Withdrawn:
                request.Withdraw(Member, null, clock);
                break;
            case RequestStatus.Expired:
                clock.Set(clock.GetUtcNow().AddDays(deadlineInDays + 8));
                request.Expire(clock);
                break;
            default:
                request.StartReview(Coordinator, clock);
                if (target == RequestStatus.NeedsInformation)
                {
                    request.ReturnForInformation(Coordinator, "처리 용량은?", clock);
                }
                else if (target == RequestStatus.Declined)
                {
                    request.Decline(Coordinator, "범위 밖", clock);
                }
                else if (target is RequestStatus.Matching or RequestStatus.PartnersProposed or RequestStatus.Connected or RequestStatus.Closed)
                {
                    request.StartMatching(Coordinator, null, clock);
                    if (target != RequestStatus.Matching)
                    {
                        request.MarkPartnersProposed(Coordinator, null, clock);
                    }

                    if (target is RequestStatus.Connected or RequestStatus.Closed)
                    {
                        request.MarkConnected(Member, null, clock);
                    }

                    if (target == RequestStatus.Closed)
                    {
                        request.Close(Member, RequestOutcome.NoDeal, null, clock);
                    }
                }

                break;
        }

        Assert.Equal(target, request.Status);
        return request;
    }
}

/// <summary>A clock the test moves.</summary>
internal sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;
}
