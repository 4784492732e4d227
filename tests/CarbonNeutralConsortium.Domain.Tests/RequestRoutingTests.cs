using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Domain.Tests;

public class RequestRoutingTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Experts = new()
    {
        ["CCUS.METHANE"] = ["KRICT"],
        ["DX.AI"] = ["ETRI"],
        ["DX.TWIN"] = ["ETRI", "KITECH"],
        ["H2.PRODUCTION"] = ["KIMM", "KRICT"],
    };

    [Fact]
    public void The_lead_is_the_sector_institute_and_other_expert_institutes_become_contributors_with_their_codes()
    {
        var decision = RequestRouting.Route("KRICT", ["CCUS.METHANE", "DX.AI", "DX.TWIN", "H2.PRODUCTION"], Experts);

        Assert.Equal("KRICT", decision.LeadOrganizationCode);
        Assert.True(decision.IsConvergence);
        Assert.Equal(["ETRI", "KIMM", "KITECH"], decision.Contributors.Select(c => c.OrganizationCode));
        Assert.Equal(["DX.AI", "DX.TWIN"], decision.Contributors[0].TechnologyCodes);
        Assert.Equal(["H2.PRODUCTION"], decision.Contributors[1].TechnologyCodes);
        Assert.Equal(["DX.TWIN"], decision.Contributors[2].TechnologyCodes);
    }

    [Fact]
    public void Codes_only_the_lead_is_expert_in_are_not_convergence()
    {
        var decision = RequestRouting.Route("KRICT", ["CCUS.METHANE"], Experts);

        Assert.Equal("KRICT", decision.LeadOrganizationCode);
        Assert.Empty(decision.Contributors);
        Assert.False(decision.IsConvergence);
    }

    [Fact]
    public void Codes_without_experts_suggest_nobody() =>
        Assert.False(RequestRouting.Route("KATECH", ["UNKNOWN.CODE"], Experts).IsConvergence);
}
