using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>
/// Checks a request's codes against reference data and the company's contact persons: used when a step is saved
/// and again on submit (reference data or consents may have changed meanwhile). Codes posted by hand that do not
/// exist become field errors, never a foreign-key violation.
/// </summary>
internal static class RequestDraftChecks
{
    /// <summary>Which form field a domain rule belongs to.</summary>
    private static readonly Dictionary<string, string> FieldOfCode = new(StringComparer.Ordinal)
    {
        ["Request.TitleRequired"] = nameof(PartnershipRequest.Title),
        ["Request.TitleTooLong"] = nameof(PartnershipRequest.Title),
        ["Request.SummaryTooLong"] = nameof(PartnershipRequest.PublicSummary),
        ["Request.TooManyTechnologyCodes"] = nameof(PartnershipRequest.TechnologyCodes),
        ["Request.TooManyKeywords"] = nameof(PartnershipRequest.Keywords),
        ["Request.KeywordTooLong"] = nameof(PartnershipRequest.Keywords),
        ["Request.TrlOutOfRange"] = nameof(PartnershipRequest.TrlCurrent),
        ["Request.TrlTargetBelowCurrent"] = nameof(PartnershipRequest.TrlTarget),
        ["Request.TooManyCountries"] = nameof(PartnershipRequest.PreferredCountries),
        ["Request.CountryPreferredAndExcluded"] = nameof(PartnershipRequest.ExcludedCountries),
        ["Request.DurationOutOfRange"] = nameof(PartnershipRequest.DurationMonths),
        ["Request.DeadlineOutOfRange"] = nameof(PartnershipRequest.Deadline),
        ["Request.DesiredStartOutOfRange"] = nameof(PartnershipRequest.DesiredStart),
        ["Request.BudgetOutOfRange"] = nameof(PartnershipRequest.BudgetMinKrw),
        ["Request.BudgetMaxBelowMin"] = nameof(PartnershipRequest.BudgetMaxKrw),
        ["Request.DetailsTooLong"] = nameof(PartnershipRequest.ConfidentialDetails),
    };

    public static FieldError ToFieldError(DomainException exception) =>
        new(FieldOfCode.GetValueOrDefault(exception.Code, ""), exception.Code);

    public static async Task CheckNeedAsync(ConsortiumDbContext db, string? cooperationTypeCode, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var code = Clean(cooperationTypeCode);
        if (code is not null && !await db.CooperationTypes.AsNoTracking().AnyAsync(c => c.Code == code, cancellationToken))
        {
            errors.Add(new FieldError(nameof(PartnershipRequest.CooperationTypeCode), RequestErrors.ChoiceUnknown));
        }
    }

    public static async Task CheckTechnologyAsync(ConsortiumDbContext db, string? sectorCode, IReadOnlyList<string> technologyCodes, List<FieldError> errors,
        CancellationToken cancellationToken)
    {
        var sector = Clean(sectorCode);
        if (sector is not null && !await db.Sectors.AsNoTracking().AnyAsync(s => s.Code == sector, cancellationToken))
        {
            errors.Add(new FieldError(nameof(PartnershipRequest.SectorCode), RequestErrors.ChoiceUnknown));
        }

        var codes = Distinct(technologyCodes);
        if (codes.Count > 0)
        {
            // A leaf: has a parent and no children.
            var leaves = await db.TechnologyAreas.AsNoTracking()
                .Where(a => codes.Contains(a.Code) && a.ParentCode != null && !db.TechnologyAreas.Any(c => c.ParentCode == a.Code))
                .Select(a => a.Code)
                .ToListAsync(cancellationToken);
            if (codes.Except(leaves, StringComparer.Ordinal).Any())
            {
                errors.Add(new FieldError(nameof(PartnershipRequest.TechnologyCodes), RequestErrors.TechnologyNotLeaf));
            }
        }
    }

    public static async Task CheckPartnerAsync(ConsortiumDbContext db, IReadOnlyList<string> preferred, IReadOnlyList<string> excluded, IReadOnlyList<string> partnerTypes,
        List<FieldError> errors, CancellationToken cancellationToken)
    {
        var countries = Distinct(preferred.Concat(excluded));
        if (countries.Count > 0)
        {
            var known = await db.Countries.AsNoTracking().Where(c => countries.Contains(c.Code)).Select(c => c.Code).ToListAsync(cancellationToken);
            if (Distinct(preferred).Except(known, StringComparer.Ordinal).Any())
            {
                errors.Add(new FieldError(nameof(PartnershipRequest.PreferredCountries), RequestErrors.ChoiceUnknown));
            }

            if (Distinct(excluded).Except(known, StringComparer.Ordinal).Any())
            {
                errors.Add(new FieldError(nameof(PartnershipRequest.ExcludedCountries), RequestErrors.ChoiceUnknown));
            }
        }

        var types = Distinct(partnerTypes);
        if (types.Count > 0)
        {
            var known = await db.PartnerTypes.AsNoTracking().Where(t => types.Contains(t.Code)).Select(t => t.Code).ToListAsync(cancellationToken);
            if (types.Except(known, StringComparer.Ordinal).Any())
            {
                errors.Add(new FieldError(nameof(PartnershipRequest.PreferredPartnerTypes), RequestErrors.ChoiceUnknown));
            }
        }
    }

    /// <summary>The contact must be a current person of the company with collection consent; sharing abroad needs the transfer consent too.</summary>
    public static async Task CheckContactAsync(ConsortiumDbContext db, Guid companyId, Guid? contactPersonId, bool shareAbroad, List<FieldError> errors,
        CancellationToken cancellationToken)
    {
        if (contactPersonId is not { } id)
        {
            return;
        }

        var person = await db.ContactPersons.AsNoTracking().Include(p => p.Consents)
            .FirstOrDefaultAsync(p => p.Id == id && p.CompanyId == companyId && p.RemovedAt == null, cancellationToken);
        if (person is null)
        {
            errors.Add(new FieldError(nameof(PartnershipRequest.ContactPersonId), RequestErrors.ContactUnknown));
        }
        else if (!person.HasConsent(ConsentKind.Collection))
        {
            errors.Add(new FieldError(nameof(PartnershipRequest.ContactPersonId), RequestErrors.ContactNoCollectionConsent));
        }
        else if (shareAbroad && !person.HasConsent(ConsentKind.OverseasTransfer))
        {
            errors.Add(new FieldError(nameof(PartnershipRequest.ShareContactAbroad), RequestErrors.ContactNoTransferConsent));
        }
    }

    /// <summary>Every reference of a whole request (before submitting).</summary>
    public static async Task<List<FieldError>> CheckAllAsync(ConsortiumDbContext db, PartnershipRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        await CheckNeedAsync(db, request.CooperationTypeCode, errors, cancellationToken);
        await CheckTechnologyAsync(db, request.SectorCode, request.TechnologyCodes, errors, cancellationToken);
        await CheckPartnerAsync(db, request.PreferredCountries, request.ExcludedCountries, request.PreferredPartnerTypes, errors, cancellationToken);
        await CheckContactAsync(db, request.CompanyId, request.ContactPersonId, request.ShareContactAbroad, errors, cancellationToken);
        return errors;
    }

    private static string? Clean(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim();

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
