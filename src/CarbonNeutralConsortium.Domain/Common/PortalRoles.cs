namespace CarbonNeutralConsortium.Domain.Common;

/// <summary>The three roles of DOMAIN.md. Names are stable: they are stored in the database.</summary>
public static class PortalRoles
{
    public const string SmeMember = "SmeMember";
    public const string InstituteCoordinator = "InstituteCoordinator";
    public const string ConsortiumAdmin = "ConsortiumAdmin";

    public static readonly IReadOnlyList<string> All = [SmeMember, InstituteCoordinator, ConsortiumAdmin];

    /// <summary>Roles an admin may give to a staff account (never SmeMember: SMEs register themselves).</summary>
    public static readonly IReadOnlyList<string> Staff = [InstituteCoordinator, ConsortiumAdmin];
}
