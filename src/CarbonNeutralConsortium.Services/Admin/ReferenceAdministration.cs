using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Admin;

/// <summary>An organization as the admin console lists it: names, the sectors it leads, its expertise codes.</summary>
public sealed record OrganizationAdminRow(string Code, OrganizationKind Kind, string NameKo, string NameEn, IReadOnlyList<string> LeadSectors, IReadOnlyList<string> Expertise) : IBilingualName;

/// <summary>What an admin may change on an organization. <see cref="SectorCode"/>: the sector an institute leads (null: unchanged).</summary>
public sealed record OrganizationChange(string? NameKo, string? NameEn, string? SectorCode, IReadOnlyList<string> ExpertiseCodes);

/// <summary>A technology code and how much uses it (so the console can say why it cannot be deleted).</summary>
public sealed record TechnologyAdminRow(string Code, string? ParentCode, string NameKo, string NameEn, int Children, IReadOnlyList<string> Experts) : IBilingualName;

/// <summary>
/// The agency's administration of reference data: organizations (names, the sector an institute leads, expertise) and
/// the technology taxonomy (add, rename; delete only a code nothing uses). Every change is audited in the same
/// transaction and the reference cache is refreshed after it.
/// </summary>
public sealed partial class ReferenceAdministration(ConsortiumDbContext db, ReferenceDataCache cache, TimeProvider clock)
{
    public async Task<IReadOnlyList<OrganizationAdminRow>> ListOrganizationsAsync(CancellationToken cancellationToken)
    {
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.SortOrder).ThenBy(o => o.Code)
            .Select(o => new { o.Code, o.Kind, o.NameKo, o.NameEn }).ToListAsync(cancellationToken);
        var sectors = await db.Sectors.AsNoTracking().Select(s => new { s.Code, s.LeadOrganizationCode }).ToListAsync(cancellationToken);
        var experts = await db.Set<TechnologyAreaExpert>().AsNoTracking().Select(e => new { e.OrganizationCode, e.TechnologyAreaCode }).ToListAsync(cancellationToken);
        return organizations.Select(o => new OrganizationAdminRow(o.Code, o.Kind, o.NameKo, o.NameEn,
                sectors.Where(s => s.LeadOrganizationCode == o.Code).Select(s => s.Code).Order(StringComparer.Ordinal).ToList(),
                experts.Where(e => e.OrganizationCode == o.Code).Select(e => e.TechnologyAreaCode).Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    public async Task<ServiceResult<string>> UpdateOrganizationAsync(Actor actor, string code, OrganizationChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(change);
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Code == code, cancellationToken);
        if (organization is null)
        {
            return ServiceResult<string>.Fail("", "Admin.NotFound");
        }

        var errors = NameErrors(change.NameKo, change.NameEn).ToList();
        var technologies = await db.TechnologyAreas.Include(t => t.Experts).ToListAsync(cancellationToken);
        var unknown = change.ExpertiseCodes.Where(c => technologies.All(t => t.Code != c)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError(nameof(OrganizationChange.ExpertiseCodes), "Admin.UnknownTechnology"));
        }

        Sector? sector = null;
        if (!string.IsNullOrEmpty(change.SectorCode))
        {
            sector = await db.Sectors.SingleOrDefaultAsync(s => s.Code == change.SectorCode, cancellationToken);
            if (sector is null)
            {
                errors.Add(new FieldError(nameof(OrganizationChange.SectorCode), "Admin.UnknownSector"));
            }
            else if (organization.Kind != OrganizationKind.Institute)
            {
                errors.Add(new FieldError(nameof(OrganizationChange.SectorCode), "Admin.SectorNeedsInstitute"));
            }
        }

        if (errors.Count > 0)
        {
            return ServiceResult<string>.Fail(errors);
        }

        var details = new List<string>();
        if (organization.NameKo != change.NameKo!.Trim() || organization.NameEn != change.NameEn!.Trim())
        {
            organization.Rename(change.NameKo!, change.NameEn!);
            details.Add("names");
        }

        if (sector is not null && sector.LeadOrganizationCode != code)
        {
            // Every sector keeps one lead: the institute that led the chosen sector takes over the one this institute led.
            var previous = sector.LeadOrganizationCode;
            var own = await db.Sectors.Where(s => s.LeadOrganizationCode == code).ToListAsync(cancellationToken);
            foreach (var swapped in own)
            {
                swapped.AssignLead(previous);
                details.Add($"lead of {swapped.Code} → {previous}");
            }

            details.Add($"lead of {sector.Code} (was {previous})");
            sector.AssignLead(code);
        }

        var wanted = change.ExpertiseCodes.ToHashSet(StringComparer.Ordinal);
        foreach (var technology in technologies)
        {
            var has = technology.Experts.Any(e => e.OrganizationCode == code);
            if (has && !wanted.Contains(technology.Code))
            {
                technology.RemoveExpert(code);
                details.Add("-" + technology.Code);
            }
            else if (!has && wanted.Contains(technology.Code))
            {
                technology.AddExpert(code);
                details.Add("+" + technology.Code);
            }
        }

        if (details.Count > 0)
        {
            db.AuditEntries.Add(AuditEntry.For(actor, "Organization.Updated", "Organization", code, clock.GetUtcNow(), Truncate(string.Join("; ", details))));
            await db.SaveChangesAsync(cancellationToken);
            cache.Invalidate();
        }

        return ServiceResult<string>.Ok(code);
    }

    public async Task<IReadOnlyList<TechnologyAdminRow>> ListTechnologiesAsync(CancellationToken cancellationToken)
    {
        var rows = await db.TechnologyAreas.AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Code)
            .Select(t => new { t.Code, t.ParentCode, t.NameKo, t.NameEn, Experts = t.Experts.Select(e => e.OrganizationCode).ToList() })
            .ToListAsync(cancellationToken);
        return rows.Select(t => new TechnologyAdminRow(t.Code, t.ParentCode, t.NameKo, t.NameEn, rows.Count(c => c.ParentCode == t.Code), t.Experts)).ToList();
    }

    /// <summary>A new code: upper-case letters, digits and underscores, a child's code starting with its area's and a dot (H2.PRODUCTION).</summary>
    public async Task<ServiceResult<string>> AddTechnologyAsync(Actor actor, string? code, string? parentCode, string? nameKo, string? nameEn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        code = (code ?? "").Trim().ToUpperInvariant();
        parentCode = string.IsNullOrWhiteSpace(parentCode) ? null : parentCode.Trim();
        var errors = NameErrors(nameKo, nameEn).ToList();
        TechnologyArea? parent = null;
        if (parentCode is not null)
        {
            parent = await db.TechnologyAreas.AsNoTracking().SingleOrDefaultAsync(t => t.Code == parentCode, cancellationToken);
            if (parent is null || parent.ParentCode is not null)
            {
                errors.Add(new FieldError("ParentCode", "Admin.ParentUnknown"));
            }
        }

        if (code.Length == 0)
        {
            errors.Add(new FieldError("Code", "Admin.CodeRequired"));
        }
        else if (code.Length > ReferenceItem.CodeMaxLength || !(parentCode is null ? AreaCode() : LeafCode()).IsMatch(code) ||
                 (parentCode is not null && !code.StartsWith(parentCode + ".", StringComparison.Ordinal)))
        {
            errors.Add(new FieldError("Code", parentCode is null ? "Admin.CodeFormatArea" : "Admin.CodeFormatLeaf", parentCode ?? ""));
        }
        else if (await db.TechnologyAreas.AnyAsync(t => t.Code == code, cancellationToken))
        {
            errors.Add(new FieldError("Code", "Admin.CodeTaken"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<string>.Fail(errors);
        }

        var order = await db.TechnologyAreas.MaxAsync(t => (int?)t.SortOrder, cancellationToken) ?? 0;
        db.TechnologyAreas.Add(new TechnologyArea(code, parentCode, nameKo!, nameEn!, order + 1));
        await db.DeletedTechnologyCodes.Where(d => d.Code == code).ExecuteDeleteAsync(cancellationToken);
        db.AuditEntries.Add(AuditEntry.For(actor, "Taxonomy.Added", "TechnologyArea", code, clock.GetUtcNow(), Truncate($"{nameKo!.Trim()} / {nameEn!.Trim()}")));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return ServiceResult<string>.Fail("Code", "Admin.CodeTaken");
        }

        cache.Invalidate();
        return ServiceResult<string>.Ok(code);
    }

    public async Task<ServiceResult<string>> RenameTechnologyAsync(Actor actor, string code, string? nameKo, string? nameEn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var technology = await db.TechnologyAreas.SingleOrDefaultAsync(t => t.Code == code, cancellationToken);
        if (technology is null)
        {
            return ServiceResult<string>.Fail("", "Admin.NotFound");
        }

        var errors = NameErrors(nameKo, nameEn).ToList();
        if (errors.Count > 0)
        {
            return ServiceResult<string>.Fail(errors);
        }

        var before = $"{technology.NameKo} / {technology.NameEn}";
        technology.Rename(nameKo!, nameEn!);
        db.AuditEntries.Add(AuditEntry.For(actor, "Taxonomy.Renamed", "TechnologyArea", code, clock.GetUtcNow(),
            Truncate($"{before} → {technology.NameKo} / {technology.NameEn}")));
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        return ServiceResult<string>.Ok(code);
    }

    /// <summary>What still uses a code: requests, their contributors' copies, companies, partners, institutes' expertise, child codes.</summary>
    public async Task<IReadOnlyList<(string Use, int Count)>> UsesAsync(string code, CancellationToken cancellationToken)
    {
        var uses = await db.Database.SqlQueryRaw<TechnologyUse>("""
            SELECT 'requests' AS "Use", count(*)::int AS "Count" FROM partnership_requests WHERE technology_codes @> ARRAY[@code]::text[]
            UNION ALL SELECT 'companies', count(*)::int FROM companies WHERE technology_codes @> ARRAY[@code]::text[]
            UNION ALL SELECT 'partners', count(*)::int FROM overseas_partners WHERE technology_codes @> ARRAY[@code]::text[]
            UNION ALL SELECT 'experts', count(*)::int FROM technology_area_experts WHERE technology_area_code = @code
            UNION ALL SELECT 'children', count(*)::int FROM technology_areas WHERE parent_code = @code
            """, new NpgsqlParameter("code", code)).ToListAsync(cancellationToken);
        return uses.Where(u => u.Count > 0).Select(u => (u.Use, u.Count)).ToList();
    }

    public async Task<ServiceResult<string>> DeleteTechnologyAsync(Actor actor, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var technology = await db.TechnologyAreas.SingleOrDefaultAsync(t => t.Code == code, cancellationToken);
        if (technology is null)
        {
            return ServiceResult<string>.Fail("", "Admin.NotFound");
        }

        var uses = await UsesAsync(code, cancellationToken);
        if (uses.Count > 0)
        {
            return ServiceResult<string>.Fail("", "Admin.CodeInUse", string.Join(", ", uses.Select(u => $"{u.Use} {u.Count}")));
        }

        db.TechnologyAreas.Remove(technology);
        if (!await db.DeletedTechnologyCodes.AnyAsync(d => d.Code == code, cancellationToken))
        {
            db.DeletedTechnologyCodes.Add(new DeletedTechnologyCode(code, clock.GetUtcNow()));
        }

        db.AuditEntries.Add(AuditEntry.For(actor, "Taxonomy.Deleted", "TechnologyArea", code, clock.GetUtcNow(), Truncate($"{technology.NameKo} / {technology.NameEn}")));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.ForeignKeyViolation })
        {
            // A request or partner took the code at the same moment: it is in use after all.
            db.ChangeTracker.Clear();
            return ServiceResult<string>.Fail("", "Admin.CodeInUse", "");
        }

        cache.Invalidate();
        return ServiceResult<string>.Ok(code);
    }

    private static IEnumerable<FieldError> NameErrors(string? nameKo, string? nameEn)
    {
        foreach (var (field, value) in new[] { ("NameKo", nameKo), ("NameEn", nameEn) })
        {
            var text = (value ?? "").Trim();
            if (text.Length == 0)
            {
                yield return new FieldError(field, "Admin.NameRequired");
            }
            else if (text.Length > ReferenceItem.NameMaxLength)
            {
                yield return new FieldError(field, "Admin.NameTooLong", ReferenceItem.NameMaxLength);
            }
            else if (text.Any(char.IsControl) || text.Contains('\uFFFD', StringComparison.Ordinal) || !IsWellFormed(text))
            {
                yield return new FieldError(field, "Admin.NamePlain");
            }
        }
    }

    /// <summary>No lone surrogate (text that cannot be stored as UTF-8).</summary>
    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex AreaCode();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,30}\\.[A-Z][A-Z0-9_]{0,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex LeafCode();

    internal sealed class TechnologyUse
    {
        public string Use { get; set; } = "";

        public int Count { get; set; }
    }
}
