using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Tests.Support;

namespace CarbonNeutralConsortium.Domain.Tests;

public class CompanyInvitationTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);
    private static readonly Actor Inviter = new(Guid.NewGuid(), "홍길동", ActorSide.Company);

    private static CompanyInvitation NewInvitation() =>
        CompanyInvitation.Create(Guid.NewGuid(), " colleague@example.com ", new string('a', 64), Inviter, new FixedTimeProvider(Sent));

    [Fact]
    public void An_invitation_lasts_seven_days_and_records_the_inviter()
    {
        var invitation = NewInvitation();

        Assert.Equal("colleague@example.com", invitation.Email);
        Assert.Equal(Sent.AddDays(7), invitation.ExpiresAt);
        Assert.Equal(Inviter.UserId, invitation.InvitedByUserId);
        Assert.Equal("홍길동", invitation.InvitedByName);
        Assert.True(invitation.IsUsable(Sent.AddDays(7).AddSeconds(-1)));
        Assert.False(invitation.IsUsable(Sent.AddDays(7)));
    }

    [Fact]
    public void An_invitation_needs_an_inviter_with_an_account()
    {
        var ex = Assert.Throws<DomainException>(() =>
            CompanyInvitation.Create(Guid.NewGuid(), "a@example.com", new string('a', 64), Actor.System, new FixedTimeProvider(Sent)));

        Assert.Equal("Invitation.InviterRequired", ex.Code);
    }

    [Fact]
    public void Accepting_within_seven_days_records_the_user_and_the_time()
    {
        var invitation = NewInvitation();
        var user = Guid.NewGuid();

        invitation.Accept(user, new FixedTimeProvider(Sent.AddDays(6)));

        Assert.Equal(Sent.AddDays(6), invitation.AcceptedAt);
        Assert.Equal(user, invitation.AcceptedUserId);
        Assert.False(invitation.IsUsable(Sent.AddDays(6)));
    }

    [Fact]
    public void Accepting_after_seven_days_is_refused()
    {
        var invitation = NewInvitation();

        var ex = Assert.Throws<DomainException>(() => invitation.Accept(Guid.NewGuid(), new FixedTimeProvider(Sent.AddDays(7))));

        Assert.Equal("Invitation.Expired", ex.Code);
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public void An_invitation_can_be_used_only_once()
    {
        var invitation = NewInvitation();
        var first = Guid.NewGuid();
        invitation.Accept(first, new FixedTimeProvider(Sent.AddHours(1)));

        var ex = Assert.Throws<DomainException>(() => invitation.Accept(Guid.NewGuid(), new FixedTimeProvider(Sent.AddHours(2))));

        Assert.Equal("Invitation.AlreadyUsed", ex.Code);
        Assert.Equal(first, invitation.AcceptedUserId);
    }

    [Fact]
    public void A_revoked_invitation_cannot_be_accepted()
    {
        var invitation = NewInvitation();
        invitation.Revoke(new FixedTimeProvider(Sent.AddHours(1)));

        var ex = Assert.Throws<DomainException>(() => invitation.Accept(Guid.NewGuid(), new FixedTimeProvider(Sent.AddHours(2))));

        Assert.Equal("Invitation.Expired", ex.Code);
        Assert.Equal(Sent.AddHours(1), invitation.RevokedAt);
        Assert.False(invitation.IsUsable(Sent.AddHours(2)));
    }

    [Fact]
    public void Revoking_an_accepted_invitation_changes_nothing()
    {
        var invitation = NewInvitation();
        invitation.Accept(Guid.NewGuid(), new FixedTimeProvider(Sent.AddHours(1)));

        invitation.Revoke(new FixedTimeProvider(Sent.AddHours(2)));

        Assert.Null(invitation.RevokedAt);
        Assert.NotNull(invitation.AcceptedAt);
    }
}
