using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>
/// Feeds <see cref="RequestRouting.Route"/> from reference data: the sector's lead institute, and for each
/// technology code the institutes (never the coordinating agency) named expert in it. The review page's preview
/// and the submission use this one method, so the SME sees exactly where the request will go.
/// </summary>
public sealed class RequestRoutingService(ConsortiumDbContext db)
{
    /// <summary>The routing, or null while the request has no (known) sector.</summary>
    public async Task<RoutingDecision?> RouteAsync(string? sectorCode, IReadOnlyList<string> technologyCodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(technologyCodes);
        if (string.IsNullOrWhiteSpace(sectorCode))
        {
            return null;
        }

        var lead = await db.Sectors.AsNoTracking().Where(s => s.Code == sectorCode).Select(s => s.LeadOrganizationCode).FirstOrDefaultAsync(cancellationToken);
        if (lead is null)
        {
            return null;
        }

        var codes = technologyCodes.ToList();
        var experts = await (
                from e in db.TechnologyAreaExperts.AsNoTracking()
                join o in db.Organizations.AsNoTracking() on e.OrganizationCode equals o.Code
                where o.Kind == OrganizationKind.Institute && codes.Contains(e.TechnologyAreaCode)
                select new { e.TechnologyAreaCode, e.OrganizationCode })
            .ToListAsync(cancellationToken);
        var byCode = experts.GroupBy(e => e.TechnologyAreaCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(e => e.OrganizationCode).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return RequestRouting.Route(lead, codes, byCode);
    }
}
