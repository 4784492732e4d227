using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Companies;

/// <summary>A contact person as a request form offers them, with the state of both consents.</summary>
public sealed record ContactOption(Guid Id, string Name, string? Department, bool HasCollectionConsent, bool HasTransferConsent);

public static class ContactOptions
{
    /// <summary>The company's current contact persons (not removed) and their consent state (the latest record of each kind decides).</summary>
    public static async Task<IReadOnlyList<ContactOption>> ListContactOptionsAsync(this ConsortiumDbContext db, Guid companyId, CancellationToken cancellationToken)
    {
        var people = await db.ContactPersons.AsNoTracking()
            .Where(p => p.CompanyId == companyId && p.RemovedAt == null)
            .OrderBy(p => p.Name)
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.Department,
                Collection = p.Consents.Where(c => c.Kind == ConsentKind.Collection).OrderByDescending(c => c.RecordedAt).Select(c => (bool?)c.Granted).FirstOrDefault(),
                Transfer = p.Consents.Where(c => c.Kind == ConsentKind.OverseasTransfer).OrderByDescending(c => c.RecordedAt).Select(c => (bool?)c.Granted).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return people.Select(p => new ContactOption(p.Id, p.Name, p.Department, p.Collection == true, p.Transfer == true)).ToList();
    }
}
