using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Companies;

/// <summary>
/// A member's invitation of a colleague by e-mail. Only the SHA-256 of the token is stored; the token itself
/// travels in the e-mail. Valid for <see cref="Lifetime"/>, usable once.
/// </summary>
public sealed class CompanyInvitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private CompanyInvitation() { }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public string Email { get; private set; } = "";

    public string TokenHash { get; private set; } = "";

    public Guid InvitedByUserId { get; private set; }

    public string InvitedByName { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public Guid? AcceptedUserId { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public static CompanyInvitation Create(Guid companyId, string email, string tokenHash, Actor invitedBy, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new CompanyInvitation
        {
            Id = Guid.CreateVersion7(),
            CompanyId = companyId,
            Email = email.Trim(),
            TokenHash = tokenHash,
            InvitedByUserId = invitedBy.UserId ?? throw new DomainException("Invitation.InviterRequired"),
            InvitedByName = invitedBy.Name,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
    }

    public bool IsUsable(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;

    public void Accept(Guid userId, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (AcceptedAt is not null)
        {
            throw new DomainException("Invitation.AlreadyUsed");
        }

        if (RevokedAt is not null || now >= ExpiresAt)
        {
            throw new DomainException("Invitation.Expired");
        }

        AcceptedAt = now;
        AcceptedUserId = userId;
    }

    public void Revoke(TimeProvider clock)
    {
        if (AcceptedAt is null && RevokedAt is null)
        {
            RevokedAt = clock.GetUtcNow();
        }
    }
}
