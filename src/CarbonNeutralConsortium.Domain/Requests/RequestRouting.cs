namespace CarbonNeutralConsortium.Domain.Requests;

/// <summary>An institute suggested as contributor, and the request's technology codes it is expert in.</summary>
public sealed record ContributorSuggestion(string OrganizationCode, IReadOnlyList<string> TechnologyCodes);

/// <summary>Where a submitted request goes: the lead institute and the suggested contributors.</summary>
public sealed record RoutingDecision(string LeadOrganizationCode, IReadOnlyList<ContributorSuggestion> Contributors)
{
    public bool IsConvergence => Contributors.Count > 0;
}

/// <summary>
/// Routing on submit (pure): the lead is the sector's institute; every other institute named expert for one of
/// the request's technology codes becomes a suggested contributor, and the request is flagged convergence.
/// </summary>
public static class RequestRouting
{
    /// <param name="sectorLead">The lead institute of the request's sector (reference data).</param>
    /// <param name="experts">Technology code → the institutes expert in it (only institutes, not the agency).</param>
    public static RoutingDecision Route(string sectorLead, IReadOnlyList<string> technologyCodes, IReadOnlyDictionary<string, IReadOnlyList<string>> experts)
    {
        ArgumentNullException.ThrowIfNull(technologyCodes);
        ArgumentNullException.ThrowIfNull(experts);
        var contributors = technologyCodes
            .SelectMany(code => experts.TryGetValue(code, out var orgs) ? orgs.Select(org => (org, code)) : [])
            .Where(x => x.org != sectorLead)
            .GroupBy(x => x.org, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ContributorSuggestion(g.Key, g.Select(x => x.code).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        return new RoutingDecision(sectorLead, contributors);
    }
}
