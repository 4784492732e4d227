using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Companies;

public sealed record CompanyMemberView(string DisplayName, string Email, DateTimeOffset JoinedAt);

public sealed record CompanyProfileView(
    Guid Id,
    string BusinessRegistrationNumber,
    string NameKo,
    string? NameEn,
    CompanySize Size,
    string SectorNameKo,
    string SectorNameEn,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<CompanyMemberView> Members)
{
    public string BusinessRegistrationNumberFormatted => Domain.Companies.BusinessRegistrationNumber.FromStorage(BusinessRegistrationNumber).Formatted;
}

public sealed class CompanyQueries(ConsortiumDbContext db)
{
    /// <summary>The profile of one company with its members (two queries). The caller passes the user's own company.</summary>
    public async Task<CompanyProfileView?> GetProfileAsync(Guid companyId, CancellationToken cancellationToken = default)
    {
        var company = await (
                from c in db.Companies.AsNoTracking()
                join s in db.Sectors.AsNoTracking() on c.SectorCode equals s.Code
                where c.Id == companyId
                select new { c.Id, c.BusinessRegistrationNumber, c.NameKo, c.NameEn, c.Size, SectorKo = s.NameKo, SectorEn = s.NameEn, c.RegisteredAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (company is null)
        {
            return null;
        }

        var members = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId && u.IsActive)
            .OrderBy(u => u.CreatedAt)
            .Select(u => new CompanyMemberView(u.DisplayName, u.Email ?? "", u.CreatedAt))
            .ToListAsync(cancellationToken);
        return new CompanyProfileView(company.Id, company.BusinessRegistrationNumber, company.NameKo, company.NameEn, company.Size,
            company.SectorKo, company.SectorEn, company.RegisteredAt, members);
    }
}
