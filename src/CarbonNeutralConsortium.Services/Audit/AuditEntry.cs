using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Services.Audit;

/// <summary>
/// Who did what to which record, when. Written in the same transaction as the change; the app only ever inserts
/// (no code path updates or deletes audit rows).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ActorUserId { get; private set; }

    /// <summary>Only for actors without an account ("system"); empty for a person (see <see cref="ActorUserId"/>).</summary>
    public string ActorName { get; private set; } = "";

    public string? ActorOrganizationCode { get; private set; }

    /// <summary>A stable code such as Request.Submitted, Company.ProfileUpdated.</summary>
    public string Action { get; private set; } = "";

    public string EntityType { get; private set; } = "";

    public string EntityId { get; private set; } = "";

    /// <summary>Short details for the reader (never personal data such as e-mail addresses or phone numbers).</summary>
    public string? Details { get; private set; }

    public static AuditEntry For(Actor actor, string action, string entityType, object entityId, DateTimeOffset at, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(entityId);
        return new AuditEntry
        {
            At = at,
            ActorUserId = actor.UserId,
            // A person is named by their user id only (the name is read from the account when shown, so erasing the
            // person's data needs no change to this append-only log); a system actor has no account and keeps its name.
            ActorName = actor.UserId is null ? actor.Name : "",
            ActorOrganizationCode = actor.OrganizationCode,
            Action = action,
            EntityType = entityType,
            EntityId = entityId.ToString() ?? "",
            Details = details is { Length: > 1000 } ? details[..1000] : details,
        };
    }
}
