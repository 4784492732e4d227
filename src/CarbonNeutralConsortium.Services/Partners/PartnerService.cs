using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Partners;

/// <summary>Codes of the partner services' results that are not about one field.</summary>
public static class PartnerResultCodes
{
    /// <summary>No such partner: the page answers 404.</summary>
    public const string NotFound = "Partners.NotFound";

    /// <summary>The partner belongs to another institute: the page answers 403.</summary>
    public const string Forbidden = "Partners.Forbidden";

    /// <summary>Someone changed the partner since the form was loaded (xmin).</summary>
    public const string Conflict = "Partners.ChangedMeanwhile";

    public static bool Has<T>(this ServiceResult<T> result, string code)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.Any(e => e.Code == code);
    }
}

/// <summary>
/// Create, edit, deactivate and reactivate overseas partners. Coordinators create partners (owned by their institute)
/// and manage their institute's partners; admins manage all. Every change writes an audit row in the same SaveChanges;
/// an edit made against an old version is a conflict, never a silent overwrite.
/// </summary>
public sealed class PartnerService(ConsortiumDbContext db, TimeProvider clock)
{
    /// <summary>Admins manage every partner; a coordinator those owned by their institute.</summary>
    public static bool CanManage(Actor actor, string? ownerOrganizationCode)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Side == ActorSide.Agency
            || (actor.Side == ActorSide.Institute && !string.IsNullOrEmpty(actor.OrganizationCode) && actor.OrganizationCode == ownerOrganizationCode);
    }

    /// <summary>Coordinators (of an institute) and admins may register partners.</summary>
    public static bool CanCreate(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Side == ActorSide.Agency || (actor.Side == ActorSide.Institute && !string.IsNullOrEmpty(actor.OrganizationCode));
    }

    public async Task<ServiceResult<Guid>> CreateAsync(OverseasPartnerData input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanCreate(actor))
        {
            return ServiceResult<Guid>.Fail("", PartnerResultCodes.Forbidden);
        }

        var data = PartnerRules.Normalize(input);
        var reference = await PartnerReference.LoadAsync(db, cancellationToken);
        var errors = PartnerRules.Validate(data, reference.CodeBook);
        if (errors.Count == 0 && await db.OverseasPartners.AnyAsync(p => p.ExternalId == data.ExternalId, cancellationToken))
        {
            errors.Add(new FieldError(nameof(OverseasPartnerData.ExternalId), "Partners.ExternalIdTaken"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var partner = OverseasPartner.Create(data, actor.OrganizationCode, clock);
        db.OverseasPartners.Add(partner);
        db.AuditEntries.Add(AuditEntry.For(actor, "Partner.Created", "OverseasPartner", partner.Id, clock.GetUtcNow(), $"{partner.ExternalId}: {partner.Name}"));
        return await SaveAsync(partner.Id, cancellationToken);
    }

    /// <summary>Saves the form against the version it was built from; returns the new version.</summary>
    public async Task<ServiceResult<uint>> UpdateAsync(Guid id, uint expectedVersion, OverseasPartnerData input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var partner = await db.OverseasPartners.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (Check(partner, actor, expectedVersion) is { } failure)
        {
            return failure;
        }

        var data = PartnerRules.Normalize(input);
        var reference = await PartnerReference.LoadAsync(db, cancellationToken);
        var errors = PartnerRules.Validate(data, reference.CodeBook);
        if (errors.Count == 0 && data.ExternalId != partner!.ExternalId
            && await db.OverseasPartners.AnyAsync(p => p.ExternalId == data.ExternalId && p.Id != id, cancellationToken))
        {
            errors.Add(new FieldError(nameof(OverseasPartnerData.ExternalId), "Partners.ExternalIdTaken"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<uint>.Fail(errors);
        }

        var changes = PartnerRules.Differences(partner!.ToData(), data);
        if (changes.Count == 0)
        {
            return ServiceResult<uint>.Ok(partner.Version);
        }

        partner.Update(data, clock);
        db.AuditEntries.Add(AuditEntry.For(actor, "Partner.Updated", "OverseasPartner", partner.Id, clock.GetUtcNow(),
            string.Join("; ", changes.Select(c => $"{c.Column}: {c.Old} → {c.New}"))));
        return await SaveVersionAsync(partner, cancellationToken);
    }

    public Task<ServiceResult<uint>> DeactivateAsync(Guid id, uint expectedVersion, Actor actor, CancellationToken cancellationToken) =>
        SetActiveAsync(id, expectedVersion, actor, active: false, cancellationToken);

    public Task<ServiceResult<uint>> ReactivateAsync(Guid id, uint expectedVersion, Actor actor, CancellationToken cancellationToken) =>
        SetActiveAsync(id, expectedVersion, actor, active: true, cancellationToken);

    /// <summary>The partner's fields and version for the edit form (or null); whether the actor may edit is the caller's check.</summary>
    public async Task<(OverseasPartnerData Data, uint Version, string? Owner)?> GetForEditAsync(Guid id, CancellationToken cancellationToken)
    {
        var partner = await db.OverseasPartners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return partner is null ? null : (partner.ToData(), partner.Version, partner.OwnerOrganizationCode);
    }

    private async Task<ServiceResult<uint>> SetActiveAsync(Guid id, uint expectedVersion, Actor actor, bool active, CancellationToken cancellationToken)
    {
        var partner = await db.OverseasPartners.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partner is not null && partner.IsActive == active && CanManage(actor, partner.OwnerOrganizationCode))
        {
            return ServiceResult<uint>.Ok(partner.Version); // the same form posted twice
        }

        if (Check(partner, actor, expectedVersion) is { } failure)
        {
            return failure;
        }

        if (active)
        {
            partner!.Reactivate(clock);
        }
        else
        {
            partner!.Deactivate(clock);
        }

        db.AuditEntries.Add(AuditEntry.For(actor, active ? "Partner.Reactivated" : "Partner.Deactivated", "OverseasPartner", partner.Id, clock.GetUtcNow(),
            $"{partner.ExternalId}: {partner.Name}"));
        return await SaveVersionAsync(partner, cancellationToken);
    }

    private static ServiceResult<uint>? Check(OverseasPartner? partner, Actor actor, uint expectedVersion)
    {
        if (partner is null)
        {
            return ServiceResult<uint>.Fail("", PartnerResultCodes.NotFound);
        }

        if (!CanManage(actor, partner.OwnerOrganizationCode))
        {
            return ServiceResult<uint>.Fail("", PartnerResultCodes.Forbidden);
        }

        return partner.Version != expectedVersion ? ServiceResult<uint>.Fail("", PartnerResultCodes.Conflict) : null;
    }

    private async Task<ServiceResult<Guid>> SaveAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<Guid>.Ok(id);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return ServiceResult<Guid>.Fail(nameof(OverseasPartnerData.ExternalId), "Partners.ExternalIdTaken");
        }
    }

    private async Task<ServiceResult<uint>> SaveVersionAsync(OverseasPartner partner, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<uint>.Ok(partner.Version);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail("", PartnerResultCodes.Conflict);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail(nameof(OverseasPartnerData.ExternalId), "Partners.ExternalIdTaken");
        }
    }
}

/// <summary>One changed field of a partner: the CSV column, the old and the new value as the CSV writes them.</summary>
public sealed record FieldChange(string Column, string Old, string New);

/// <summary>
/// The rules a partner's fields follow, the same for the form and the CSV (the limits and checks of <see cref="PartnerCsv"/>);
/// errors name the fields of <see cref="OverseasPartnerData"/>.
/// </summary>
public static class PartnerRules
{
    /// <summary>Trims texts (blank → null), upper-cases the country, splits nothing, drops empty and repeated list items.</summary>
    public static OverseasPartnerData Normalize(OverseasPartnerData data)
    {
        ArgumentNullException.ThrowIfNull(data);

        static IReadOnlyList<string> List(IEnumerable<string?>? items) =>
            [.. (items ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).Distinct(StringComparer.Ordinal)];

        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        return new OverseasPartnerData((data.ExternalId ?? "").Trim(), (data.Name ?? "").Trim(), Text(data.NameKo), (data.CountryCode ?? "").Trim().ToUpperInvariant(),
            (data.PartnerTypeCode ?? "").Trim(), List(data.TechnologyCodes), List(data.CooperationTypes), data.TrlMin, data.TrlMax, List(data.Keywords),
            Text(data.Description), Text(data.Website), Text(data.ContactEmail), List(data.LinkedInstitutes));
    }

    public static List<FieldError> Validate(OverseasPartnerData data, PartnerCodeBook codes)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(codes);
        var errors = new List<FieldError>();

        void Text(string field, string? value, bool required, int maxLength, bool multiline = false)
        {
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                {
                    errors.Add(new FieldError(field, "Partners.Required"));
                }
            }
            else if (!PartnerCsv.IsValidText(value, multiline) || value.Contains('\uFFFD', StringComparison.Ordinal))
            {
                errors.Add(new FieldError(field, "Partners.InvalidText"));
            }
            else if (value.Length > maxLength)
            {
                errors.Add(new FieldError(field, "Partners.TooLong", maxLength));
            }
        }

        void Codes(string field, IReadOnlyList<string> values, IReadOnlySet<string> allowed, bool required)
        {
            if (values.Count == 0 && required)
            {
                errors.Add(new FieldError(field, "Partners.Required"));
            }
            else if (values.Any(v => !allowed.Contains(v)))
            {
                errors.Add(new FieldError(field, "Partners.UnknownCode"));
            }
        }

        Text(nameof(data.ExternalId), data.ExternalId, required: true, PartnerCsv.ExternalIdMaxLength);
        Text(nameof(data.Name), data.Name, required: true, OverseasPartner.NameMaxLength);
        Text(nameof(data.NameKo), data.NameKo, required: false, OverseasPartner.NameMaxLength);
        Codes(nameof(data.CountryCode), data.CountryCode.Length == 0 ? [] : [data.CountryCode], codes.Countries, required: true);
        Codes(nameof(data.PartnerTypeCode), data.PartnerTypeCode.Length == 0 ? [] : [data.PartnerTypeCode], codes.PartnerTypes, required: true);
        Codes(nameof(data.TechnologyCodes), data.TechnologyCodes, codes.TechnologyLeaves, required: true);
        Codes(nameof(data.CooperationTypes), data.CooperationTypes, codes.CooperationTypes, required: false);
        Codes(nameof(data.LinkedInstitutes), data.LinkedInstitutes, codes.Institutes, required: false);
        if (data.TrlMin is < 1 or > 9)
        {
            errors.Add(new FieldError(nameof(data.TrlMin), "Partners.TrlOutOfRange"));
        }

        if (data.TrlMax is < 1 or > 9)
        {
            errors.Add(new FieldError(nameof(data.TrlMax), "Partners.TrlOutOfRange"));
        }
        else if (data.TrlMin is >= 1 and <= 9 && data.TrlMax is { } max && data.TrlMin > max)
        {
            errors.Add(new FieldError(nameof(data.TrlMax), "Partners.TrlOrder"));
        }

        if (data.Keywords.Count > PartnerCsv.MaxKeywords)
        {
            errors.Add(new FieldError(nameof(data.Keywords), "Partners.TooManyKeywords", PartnerCsv.MaxKeywords));
        }
        else if (data.Keywords.Any(k => !PartnerCsv.IsValidText(k, multiline: false) || k.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            errors.Add(new FieldError(nameof(data.Keywords), "Partners.InvalidText"));
        }
        else if (data.Keywords.Any(k => k.Length > PartnerCsv.KeywordMaxLength))
        {
            errors.Add(new FieldError(nameof(data.Keywords), "Partners.KeywordTooLong", PartnerCsv.KeywordMaxLength));
        }

        Text(nameof(data.Description), data.Description, required: false, OverseasPartner.DescriptionMaxLength, multiline: true);
        Text(nameof(data.Website), data.Website, required: false, PartnerCsv.WebsiteMaxLength);
        if (errors.All(e => e.Field != nameof(data.Website)) && data.Website is { } website && !PartnerCsv.IsWebUrl(website))
        {
            errors.Add(new FieldError(nameof(data.Website), "Partners.InvalidUrl"));
        }

        Text(nameof(data.ContactEmail), data.ContactEmail, required: false, PartnerCsv.EmailMaxLength);
        if (errors.All(e => e.Field != nameof(data.ContactEmail)) && data.ContactEmail is { } email && !PartnerCsv.IsPlausibleEmail(email))
        {
            errors.Add(new FieldError(nameof(data.ContactEmail), "Partners.InvalidEmail"));
        }

        return errors;
    }

    /// <summary>The fields that differ, by CSV column, values as the CSV writes them (lists joined with ';').</summary>
    public static IReadOnlyList<FieldChange> Differences(OverseasPartnerData before, OverseasPartnerData after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<FieldChange>();

        void Compare(string column, string? old, string? @new)
        {
            if (!string.Equals(old ?? "", @new ?? "", StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(column, old ?? "", @new ?? ""));
            }
        }

        static string Join(IReadOnlyList<string> items) => string.Join(';', items);

        static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

        Compare(PartnerCsv.ExternalId, before.ExternalId, after.ExternalId);
        Compare(PartnerCsv.Name, before.Name, after.Name);
        Compare(PartnerCsv.NameKo, before.NameKo, after.NameKo);
        Compare(PartnerCsv.Country, before.CountryCode, after.CountryCode);
        Compare(PartnerCsv.PartnerType, before.PartnerTypeCode, after.PartnerTypeCode);
        Compare(PartnerCsv.TechnologyCodes, Join(before.TechnologyCodes), Join(after.TechnologyCodes));
        Compare(PartnerCsv.CooperationTypes, Join(before.CooperationTypes), Join(after.CooperationTypes));
        Compare(PartnerCsv.TrlMin, Number(before.TrlMin), Number(after.TrlMin));
        Compare(PartnerCsv.TrlMax, Number(before.TrlMax), Number(after.TrlMax));
        Compare(PartnerCsv.Keywords, Join(before.Keywords), Join(after.Keywords));
        Compare(PartnerCsv.Description, before.Description, after.Description);
        Compare(PartnerCsv.Website, before.Website, after.Website);
        Compare(PartnerCsv.ContactEmail, before.ContactEmail, after.ContactEmail);
        Compare(PartnerCsv.LinkedInstitutes, Join(before.LinkedInstitutes), Join(after.LinkedInstitutes));
        return changes;
    }
}
