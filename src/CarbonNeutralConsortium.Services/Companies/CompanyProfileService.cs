using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Companies;

/// <summary>What the profile form sends: the editable fields and the version the user started from.</summary>
public sealed record CompanyProfileInput(
    string? NameKo,
    string? NameEn,
    CompanySize Size,
    string? SectorCode,
    string? RegionCode,
    int? Employees,
    int? FoundedYear,
    string? Website,
    string? Description,
    IReadOnlyList<string> TechnologyCodes,
    uint Version);

/// <summary>Edits a company's profile: codes checked against the reference data, ranges by the domain, xmin against lost updates.</summary>
public sealed class CompanyProfileService(ConsortiumDbContext db, TimeProvider clock)
{
    public const string ProfileUpdatedAction = "Company.ProfileUpdated";

    /// <summary>The code of the form-level error when someone else saved the profile since the form was opened.</summary>
    public const string ConflictCode = "Company.ProfileConflict";

    public async Task<ServiceResult<uint>> UpdateAsync(Guid companyId, Actor actor, CompanyProfileInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var thisYear = KoreaTime.Today(clock).Year;
        var errors = Validate(input, thisYear);
        var codes = input.TechnologyCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();

        if (!string.IsNullOrWhiteSpace(input.SectorCode) && !await db.Sectors.AsNoTracking().AnyAsync(s => s.Code == input.SectorCode, cancellationToken))
        {
            errors.Add(new FieldError(nameof(input.SectorCode), "Company.SectorUnknown"));
        }

        if (codes.Count > Company.MaxTechnologyCodes)
        {
            errors.Add(new FieldError(nameof(input.TechnologyCodes), "Company.TooManyTechnologyCodes", Company.MaxTechnologyCodes));
        }
        else if (codes.Count > 0)
        {
            var leaves = await db.TechnologyAreas.AsNoTracking()
                .Where(a => codes.Contains(a.Code) && a.ParentCode != null && !db.TechnologyAreas.Any(child => child.ParentCode == a.Code))
                .Select(a => a.Code)
                .ToListAsync(cancellationToken);
            if (leaves.Count != codes.Count)
            {
                errors.Add(new FieldError(nameof(input.TechnologyCodes), "Company.TechnologyUnknown"));
            }
        }

        if (errors.Count > 0)
        {
            return ServiceResult<uint>.Fail(errors);
        }

        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == companyId, cancellationToken);
        if (company is null)
        {
            return ServiceResult<uint>.Fail("", "Company.NotFound");
        }

        // The version the user's form was built from: a save by anyone else since then changed xmin.
        db.Entry(company).Property(c => c.Version).OriginalValue = input.Version;
        try
        {
            company.UpdateProfile(new CompanyProfile(input.NameKo ?? "", input.NameEn, input.Size, input.SectorCode ?? "", Blank(input.RegionCode),
                input.Employees, input.FoundedYear, input.Website, input.Description, codes), clock);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail([ErrorOf(ex.Code, thisYear)]);
        }

        db.AuditEntries.Add(AuditEntry.For(actor, ProfileUpdatedAction, nameof(Company), company.Id, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail("", ConflictCode);
        }

        return ServiceResult<uint>.Ok(company.Version);
    }

    /// <summary>Every shape and range rule at once, so the user sees all problems in one go (the domain checks them again).</summary>
    private static List<FieldError> Validate(CompanyProfileInput input, int thisYear)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.NameKo))
        {
            errors.Add(new FieldError(nameof(input.NameKo), "Company.NameRequired"));
        }
        else if (!Company.IsValidName(input.NameKo, required: true))
        {
            errors.Add(new FieldError(nameof(input.NameKo), "Company.NameInvalid", Company.NameMaxLength));
        }

        if (!Company.IsValidName(input.NameEn, required: false))
        {
            errors.Add(new FieldError(nameof(input.NameEn), "Company.NameInvalid", Company.NameMaxLength));
        }

        if (string.IsNullOrWhiteSpace(input.SectorCode))
        {
            errors.Add(new FieldError(nameof(input.SectorCode), "Company.SectorUnknown"));
        }

        if (!Enum.IsDefined(input.Size))
        {
            errors.Add(new FieldError(nameof(input.Size), "Company.SizeUnknown"));
        }

        if (Blank(input.RegionCode) is { } region && !KoreanRegions.IsKnown(region))
        {
            errors.Add(new FieldError(nameof(input.RegionCode), "Company.RegionUnknown"));
        }

        if (input.Employees is < 0 or > Company.MaxEmployees)
        {
            errors.Add(new FieldError(nameof(input.Employees), "Company.EmployeesOutOfRange", 0, Company.MaxEmployees));
        }

        if (input.FoundedYear is { } year && (year < 1900 || year > thisYear))
        {
            errors.Add(new FieldError(nameof(input.FoundedYear), "Company.FoundedYearOutOfRange", 1900, thisYear));
        }

        if (Blank(input.Website) is { } website && (website.Length > Company.WebsiteMaxLength || !Company.IsWebAddress(website)))
        {
            errors.Add(new FieldError(nameof(input.Website), "Company.WebsiteInvalid"));
        }

        if (Blank(input.Description)?.Length > Company.DescriptionMaxLength)
        {
            errors.Add(new FieldError(nameof(input.Description), "Company.DescriptionTooLong", Company.DescriptionMaxLength));
        }

        return errors;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A domain rule the checks above did not catch, as a field error with the same arguments.</summary>
    private static FieldError ErrorOf(string code, int thisYear) => code switch
    {
        "Company.NameRequired" => new(nameof(CompanyProfileInput.NameKo), code),
        "Company.NameTooLong" => new(nameof(CompanyProfileInput.NameKo), "Company.NameInvalid", Company.NameMaxLength),
        "Company.SectorRequired" => new(nameof(CompanyProfileInput.SectorCode), "Company.SectorUnknown"),
        "Company.RegionUnknown" => new(nameof(CompanyProfileInput.RegionCode), code),
        "Company.EmployeesOutOfRange" => new(nameof(CompanyProfileInput.Employees), code, 0, Company.MaxEmployees),
        "Company.FoundedYearOutOfRange" => new(nameof(CompanyProfileInput.FoundedYear), code, 1900, thisYear),
        "Company.WebsiteInvalid" => new(nameof(CompanyProfileInput.Website), code),
        "Company.DescriptionTooLong" => new(nameof(CompanyProfileInput.Description), code, Company.DescriptionMaxLength),
        "Company.TooManyTechnologyCodes" => new(nameof(CompanyProfileInput.TechnologyCodes), code, Company.MaxTechnologyCodes),
        _ => new("", "Company.ProfileInvalid"),
    };
}
