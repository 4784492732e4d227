namespace CarbonNeutralConsortium.Domain.ReferenceData;

public enum OrganizationKind
{
    /// <summary>One of the six public research institutes; leads one sector.</summary>
    Institute,

    /// <summary>The coordinating agency that runs the consortium-wide view.</summary>
    Coordinator,
}
