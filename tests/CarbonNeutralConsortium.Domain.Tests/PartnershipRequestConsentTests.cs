using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Domain.Tests;

/// <summary>
/// A contact person who withdraws their consent to transfer abroad (PIPA) stops the sharing on every request that is
/// not finished, whatever its status, without moving the request in its lifecycle.
/// </summary>
public class PartnershipRequestConsentTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly Actor Member = new(Guid.NewGuid(), "김기업", ActorSide.Company);
    private static readonly Actor Coordinator = new(Guid.NewGuid(), "이코디", ActorSide.Institute, "KRICT");
    private static readonly RoutingDecision Routing = new("KRICT", []);

    public static TheoryData<RequestStatus> NonTerminal() => [.. Enum.GetValues<RequestStatus>().Where(s => !s.IsTerminal())];

    public static TheoryData<RequestStatus> Terminal() => [.. RequestStatuses.Terminal];

    [Theory]
    [MemberData(nameof(NonTerminal))]
    public void Stopping_the_sharing_clears_it_in_every_open_status_without_a_transition(RequestStatus status)
    {
        var clock = new TestClock(Start);
        var request = SharingInState(status, clock);
        Assert.True(request.ShareContactAbroad);
        var history = request.History.Count;
        var contact = request.ContactPersonId;
        clock.Advance(TimeSpan.FromHours(2));

        request.StopSharingContactAbroad(clock);

        Assert.False(request.ShareContactAbroad);
        Assert.Equal(status, request.Status);
        Assert.Equal(history, request.History.Count);
        Assert.Equal(contact, request.ContactPersonId);
        Assert.Equal(clock.GetUtcNow(), request.UpdatedAt);
        Assert.Equal(clock.GetUtcNow(), request.LastActivityAt);
    }

    [Theory]
    [MemberData(nameof(Terminal))]
    public void A_finished_request_is_left_as_it_was(RequestStatus status)
    {
        var clock = new TestClock(Start);
        var request = SharingInState(status, clock);
        var sharing = request.ShareContactAbroad;
        var updated = request.UpdatedAt;
        clock.Advance(TimeSpan.FromHours(2));

        var error = Assert.Throws<DomainException>(() => request.StopSharingContactAbroad(clock));

        Assert.Equal("Request.NotEditable", error.Code);
        Assert.Equal(sharing, request.ShareContactAbroad);
        Assert.Equal(updated, request.UpdatedAt);
    }

    [Fact]
    public void Stopping_twice_is_harmless()
    {
        var clock = new TestClock(Start);
        var request = SharingInState(RequestStatus.Matching, clock);

        request.StopSharingContactAbroad(clock);
        request.StopSharingContactAbroad(clock);

        Assert.False(request.ShareContactAbroad);
        Assert.Equal(RequestStatus.Matching, request.Status);
    }

    /// <summary>A complete request whose contact may be shared abroad, driven through the domain methods to <paramref name="target"/>.</summary>
    private static PartnershipRequest SharingInState(RequestStatus target, TestClock clock)
    {
        var request = PartnershipRequest.CreateDraft(Guid.NewGuid(), Guid.NewGuid(), "메탄 건식 개질 촉매", Member, clock);
        request.SetNeed("메탄 건식 개질 촉매", "건식 개질 촉매 기술 도입", "technology_introduction", clock);
        request.SetTechnology("PETROCHEMICAL", ["CCUS.METHANE"], ["메탄"], 3, 6, clock);
        request.SetTimeline(null, 12, KoreaTime.Today(clock).AddDays(30), null, null, clock);
        request.SetConfidentiality(null, Guid.NewGuid(), true, clock);
        if (target == RequestStatus.Draft)
        {
            return request;
        }

        request.Submit(Member, Routing, "CNC-2026-000001", clock);
        if (target == RequestStatus.Withdrawn)
        {
            request.Withdraw(Member, null, clock);
        }
        else if (target == RequestStatus.Expired)
        {
            clock.Advance(TimeSpan.FromDays(40));
            request.Expire(clock);
        }
        else if (target != RequestStatus.Submitted)
        {
            request.StartReview(Coordinator, clock);
            if (target == RequestStatus.NeedsInformation)
            {
                request.ReturnForInformation(Coordinator, "처리 용량은?", clock);
            }
            else if (target == RequestStatus.Declined)
            {
                request.Decline(Coordinator, "범위 밖", clock);
            }
            else if (target != RequestStatus.InReview)
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
        }

        Assert.Equal(target, request.Status);
        return request;
    }
}
