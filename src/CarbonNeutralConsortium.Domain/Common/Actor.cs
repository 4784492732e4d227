namespace CarbonNeutralConsortium.Domain.Common;

/// <summary>Which side of a request a person acts for.</summary>
public enum ActorSide
{
    Company,
    Institute,
    Agency,
    System,
}

/// <summary>
/// Who made a change: the user's id and name as they were at the time (history keeps the name even if the
/// account is later renamed or erased), their side, and their organization when they act for an institute.
/// </summary>
public sealed record Actor(Guid? UserId, string Name, ActorSide Side, string? OrganizationCode = null)
{
    public static readonly Actor System = new(null, "system", ActorSide.System);
}
