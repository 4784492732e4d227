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
            ActorName = actor.Name,
            ActorOrganizationCode = actor.OrganizationCode,
            Action = action,
            EntityType = entityType,
            EntityId = entityId.ToString() ?? "",
            Details = details is { Length: > 1000 } ? details[..1000] : details,
        };
    }
}
