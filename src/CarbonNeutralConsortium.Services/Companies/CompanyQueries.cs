using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.ReferenceData;
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

    public string? RegionCode { get; init; }

    public int? Employees { get; init; }

    public int? FoundedYear { get; init; }

    public string? Website { get; init; }

    public string? Description { get; init; }

    /// <summary>Main technology areas with their names, in taxonomy order.</summary>
    public IReadOnlyList<CodeName> TechnologyAreas { get; init; } = [];

    public DateTimeOffset? ProfileUpdatedAt { get; init; }
}

/// <summary>The saved, editable values of a profile (what the edit form starts from, and what a conflict shows).</summary>
public sealed record CompanyEditView(
    Guid Id,
    string BusinessRegistrationNumber,
    string NameKo,
    string? NameEn,
    CompanySize Size,
    string SectorCode,
    string? RegionCode,
    int? Employees,
    int? FoundedYear,
    string? Website,
    string? Description,
    IReadOnlyList<string> TechnologyCodes,
    DateTimeOffset? ProfileUpdatedAt,
    string? ProfileUpdatedBy,
    uint Version)
{
    public string BusinessRegistrationNumberFormatted => Domain.Companies.BusinessRegistrationNumber.FromStorage(BusinessRegistrationNumber).Formatted;
}

/// <summary>A top-level technology area and its leaves (the choices of a technology field).</summary>
public sealed record TechnologyGroup(CodeName Area, IReadOnlyList<CodeName> Leaves);

public sealed record PendingInvitationView(Guid Id, string Email, string InvitedByName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed class CompanyQueries(ConsortiumDbContext db, TimeProvider clock)
{
    /// <summary>The profile of one company with its active members (two queries). The caller passes the user's own company.</summary>
    public async Task<CompanyProfileView?> GetProfileAsync(Guid companyId, CancellationToken cancellationToken = default)
    {
        var company = await (
                from c in db.Companies.AsNoTracking()
                join s in db.Sectors.AsNoTracking() on c.SectorCode equals s.Code
                where c.Id == companyId
                select new
                {
                    c.Id, c.BusinessRegistrationNumber, c.NameKo, c.NameEn, c.Size, SectorKo = s.NameKo, SectorEn = s.NameEn, c.RegisteredAt,
                    c.RegionCode, c.Employees, c.FoundedYear, c.Website, c.Description, c.ProfileUpdatedAt,
                    Areas = db.TechnologyAreas.Where(a => c.TechnologyCodes.Contains(a.Code)).OrderBy(a => a.SortOrder)
                        .Select(a => new CodeName(a.Code, a.NameKo, a.NameEn)).ToList(),
                })
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
            company.SectorKo, company.SectorEn, company.RegisteredAt, members)
        {
            RegionCode = company.RegionCode,
            Employees = company.Employees,
            FoundedYear = company.FoundedYear,
            Website = company.Website,
            Description = company.Description,
            TechnologyAreas = company.Areas,
            ProfileUpdatedAt = company.ProfileUpdatedAt,
        };
    }

    /// <summary>The saved profile for the edit form, with who saved it last (from the audit log).</summary>
    public async Task<CompanyEditView?> GetEditAsync(Guid companyId, CancellationToken cancellationToken = default)
    {
        var id = companyId.ToString();
        return await db.Companies.AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new CompanyEditView(c.Id, c.BusinessRegistrationNumber, c.NameKo, c.NameEn, c.Size, c.SectorCode, c.RegionCode, c.Employees,
                c.FoundedYear, c.Website, c.Description, c.TechnologyCodes, c.ProfileUpdatedAt,
                db.AuditEntries.Where(a => a.EntityType == nameof(Company) && a.EntityId == id && a.Action == CompanyProfileService.ProfileUpdatedAction)
                    .OrderByDescending(a => a.At).Select(a => db.Users.Where(u => u.Id == a.ActorUserId).Select(u => u.DisplayName).FirstOrDefault()).FirstOrDefault(),
                c.Version))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The taxonomy as groups of leaves under their top-level area (one query).</summary>
    public async Task<IReadOnlyList<TechnologyGroup>> GetTechnologyGroupsAsync(CancellationToken cancellationToken = default)
    {
        var areas = await db.TechnologyAreas.AsNoTracking().OrderBy(a => a.SortOrder)
            .Select(a => new { a.Code, a.ParentCode, a.NameKo, a.NameEn })
            .ToListAsync(cancellationToken);
        return areas.Where(a => a.ParentCode is null)
            .Select(top => new TechnologyGroup(new CodeName(top.Code, top.NameKo, top.NameEn),
                areas.Where(a => a.ParentCode == top.Code).Select(a => new CodeName(a.Code, a.NameKo, a.NameEn)).ToList()))
            .Where(g => g.Leaves.Count > 0)
            .ToList();
    }

    /// <summary>Invitations of the company that can still be accepted, newest first.</summary>
    public async Task<IReadOnlyList<PendingInvitationView>> GetPendingInvitationsAsync(Guid companyId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return await db.CompanyInvitations.AsNoTracking()
            .Where(i => i.CompanyId == companyId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new PendingInvitationView(i.Id, i.Email, i.InvitedByName, i.CreatedAt, i.ExpiresAt))
            .ToListAsync(cancellationToken);
    }
}
