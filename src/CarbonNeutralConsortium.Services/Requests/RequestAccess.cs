using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>
/// The one way the SME side loads a request: by id AND company. A request of another company is simply not
/// found, so pages answer 404 and leak nothing.
/// </summary>
public static class RequestAccess
{
    public static Task<PartnershipRequest?> FindForCompanyAsync(this ConsortiumDbContext db, Guid requestId, Guid companyId, CancellationToken cancellationToken) =>
        db.Requests.Include(r => r.Contributors).FirstOrDefaultAsync(r => r.Id == requestId && r.CompanyId == companyId, cancellationToken);
}
