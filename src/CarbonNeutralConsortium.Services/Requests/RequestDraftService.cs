using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Configurations;
using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>
/// The request wizard: creates a draft (idempotent per form, through the unique (company, client key) index) and
/// saves each step. Every save carries the row version the form was loaded with (PostgreSQL xmin): a colleague's
/// save in between is a conflict the page explains, never a silent overwrite. Only Draft and NeedsInformation
/// requests can be changed.
/// </summary>
public sealed class RequestDraftService(ConsortiumDbContext db, AttachmentStore attachments, TimeProvider clock)
{
    /// <summary>Creates the draft of the form with <paramref name="clientKey"/>, or returns the one that form already created.</summary>
    public async Task<ServiceResult<Guid>> CreateAsync(Guid companyId, Guid clientKey, NeedInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        if (clientKey == Guid.Empty)
        {
            return ServiceResult<Guid>.Fail("", RequestErrors.NotFound);
        }

        var errors = new List<FieldError>();
        await RequestDraftChecks.CheckNeedAsync(db, input.CooperationTypeCode, errors, cancellationToken);
        var existing = await FindByClientKeyAsync(companyId, clientKey, cancellationToken);
        if (existing is { } found)
        {
            // The same form posted again (double click, or Back, edit and post): what was typed now counts.
            return await UpdateNeedOfExistingAsync(found, companyId, input, errors, cancellationToken);
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        PartnershipRequest request;
        try
        {
            request = PartnershipRequest.CreateDraft(companyId, clientKey, input.Title, actor, clock);
            request.SetNeed(input.Title, input.PublicSummary, input.CooperationTypeCode, clock);
        }
        catch (DomainException ex)
        {
            return ServiceResult<Guid>.Fail([RequestDraftChecks.ToFieldError(ex)]);
        }

        db.Requests.Add(request);
        db.AuditEntries.Add(AuditEntry.For(actor, "Request.DraftCreated", nameof(PartnershipRequest), request.Id, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<Guid>.Ok(request.Id);
        }
        catch (DbUpdateException ex) when (NewAccounts.IsUniqueViolation(ex, out var constraint) && constraint == PartnershipRequestConfiguration.UniqueClientKeyIndex)
        {
            // The same form was posted twice at once: the other post created the draft.
            db.ChangeTracker.Clear();
            var winner = await FindByClientKeyAsync(companyId, clientKey, cancellationToken);
            return winner is { } id ? await UpdateNeedOfExistingAsync(id, companyId, input, [], cancellationToken) : throw new InvalidOperationException("The draft of this form vanished.", ex);
        }
    }

    /// <summary>
    /// The draft a step-1 form created is posted again: while it is still a Draft the posted step 1 replaces the
    /// saved one (nothing is stored when it is the same). A draft already submitted is left alone (the wizard
    /// then sends the person to its details).
    /// </summary>
    private async Task<ServiceResult<Guid>> UpdateNeedOfExistingAsync(Guid id, Guid companyId, NeedInput input, List<FieldError> errors, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var request = await db.FindForCompanyAsync(id, companyId, cancellationToken);
            if (request is null || request.Status != RequestStatus.Draft)
            {
                db.ChangeTracker.Clear();
                return ServiceResult<Guid>.Ok(id);
            }

            if (errors.Count > 0)
            {
                db.ChangeTracker.Clear();
                return ServiceResult<Guid>.Fail(errors);
            }

            try
            {
                request.SetNeed(input.Title, input.PublicSummary, input.CooperationTypeCode, clock);
            }
            catch (DomainException ex)
            {
                db.ChangeTracker.Clear();
                return ServiceResult<Guid>.Fail([RequestDraftChecks.ToFieldError(ex)]);
            }

            if (!ChangesMoreThanTimes(request))
            {
                db.ChangeTracker.Clear();
                return ServiceResult<Guid>.Ok(id);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ServiceResult<Guid>.Ok(id);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Saved by the other post of the same form meanwhile: apply ours to what it saved.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The request, read-only, when it belongs to the company; null otherwise (404).</summary>
    public Task<PartnershipRequest?> FindAsync(Guid id, Guid companyId, CancellationToken cancellationToken = default) =>
        db.Requests.AsNoTracking().Include(r => r.Contributors).FirstOrDefaultAsync(r => r.Id == id && r.CompanyId == companyId, cancellationToken);

    public async Task<IReadOnlyList<AttachmentInfo>> ListAttachmentsAsync(Guid requestId, CancellationToken cancellationToken = default) =>
        await db.RequestAttachments.AsNoTracking()
            .Where(a => a.RequestId == requestId && a.MessageId == null)
            .OrderBy(a => a.UploadedAt)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.Kind, a.SizeBytes, a.UploadedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The reference data the given step offers (each step loads only what it shows; the review loads names of everything).</summary>
    public async Task<WizardOptions> GetOptionsAsync(Guid companyId, RequestStep step, CancellationToken cancellationToken = default)
    {
        var all = step == RequestStep.Review;
        var options = WizardOptions.Empty;
        if (all || step == RequestStep.Need)
        {
            options = options with
            {
                CooperationTypes = await db.CooperationTypes.AsNoTracking().OrderBy(c => c.SortOrder)
                    .Select(c => new CodeName(c.Code, c.NameKo, c.NameEn)).ToListAsync(cancellationToken),
            };
        }

        if (all || step == RequestStep.Technology)
        {
            var areas = await db.TechnologyAreas.AsNoTracking().OrderBy(a => a.SortOrder)
                .Select(a => new { a.Code, a.ParentCode, a.NameKo, a.NameEn }).ToListAsync(cancellationToken);
            var parents = areas.Where(a => a.ParentCode is not null).Select(a => a.ParentCode!).ToHashSet(StringComparer.Ordinal);
            var groups = areas.Where(a => a.ParentCode is null)
                .Select(top => new TechnologyGroup(new CodeName(top.Code, top.NameKo, top.NameEn),
                    areas.Where(a => a.ParentCode == top.Code && !parents.Contains(a.Code)).Select(a => new CodeName(a.Code, a.NameKo, a.NameEn)).ToList()))
                .Where(g => g.Leaves.Count > 0)
                .ToList();
            options = options with
            {
                Sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).Select(s => new CodeName(s.Code, s.NameKo, s.NameEn)).ToListAsync(cancellationToken),
                CompanySectorCode = await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => c.SectorCode).FirstOrDefaultAsync(cancellationToken),
                Technology = groups,
            };
        }

        if (all || step == RequestStep.Partner)
        {
            options = options with
            {
                Countries = OrderByLocalName(await db.Countries.AsNoTracking().OrderBy(c => c.Code)
                    .Select(c => new CodeName(c.Code, c.NameKo, c.NameEn)).ToListAsync(cancellationToken)),
                PartnerTypes = await db.PartnerTypes.AsNoTracking().OrderBy(t => t.SortOrder).Select(t => new CodeName(t.Code, t.NameKo, t.NameEn)).ToListAsync(cancellationToken),
            };
        }

        if (all || step == RequestStep.Confidentiality)
        {
            options = options with { Contacts = await db.ListContactOptionsAsync(companyId, cancellationToken) };
        }

        if (all)
        {
            options = options with
            {
                Organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.SortOrder).Select(o => new CodeName(o.Code, o.NameKo, o.NameEn)).ToListAsync(cancellationToken),
            };
        }

        return options;
    }

    /// <summary>
    /// In the order of the name the page shows (English or Korean, per the UI culture, sorted by that culture's
    /// rules), then by code: the same list every time.
    /// </summary>
    internal static List<CodeName> OrderByLocalName(IEnumerable<CodeName> items)
    {
        var culture = CultureInfo.CurrentUICulture;
        var comparer = StringComparer.Create(culture, ignoreCase: true);
        return items.OrderBy(c => c.LocalName(culture), comparer).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    public Task<ServiceResult<DraftSaved>> SaveNeedAsync(Guid id, Guid companyId, uint version, NeedInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SaveAsync(id, companyId, version,
            errors => RequestDraftChecks.CheckNeedAsync(db, input.CooperationTypeCode, errors, cancellationToken),
            r => r.SetNeed(input.Title, input.PublicSummary, input.CooperationTypeCode, clock), cancellationToken);
    }

    public Task<ServiceResult<DraftSaved>> SaveTechnologyAsync(Guid id, Guid companyId, uint version, TechnologyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SaveAsync(id, companyId, version,
            errors => RequestDraftChecks.CheckTechnologyAsync(db, input.SectorCode, input.TechnologyCodes, errors, cancellationToken),
            r => r.SetTechnology(input.SectorCode, input.TechnologyCodes, input.Keywords, input.TrlCurrent, input.TrlTarget, clock), cancellationToken);
    }

    public Task<ServiceResult<DraftSaved>> SavePartnerAsync(Guid id, Guid companyId, uint version, PartnerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SaveAsync(id, companyId, version,
            errors => RequestDraftChecks.CheckPartnerAsync(db, input.PreferredCountries, input.ExcludedCountries, input.PartnerTypes, errors, cancellationToken),
            r => r.SetPartner(input.PreferredCountries, input.ExcludedCountries, input.PartnerTypes, clock), cancellationToken);
    }

    public Task<ServiceResult<DraftSaved>> SaveTimelineAsync(Guid id, Guid companyId, uint version, TimelineInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SaveAsync(id, companyId, version, _ => Task.CompletedTask,
            r => r.SetTimeline(input.DesiredStart, input.DurationMonths, input.Deadline, input.BudgetMinKrw, input.BudgetMaxKrw, clock), cancellationToken);
    }

    public Task<ServiceResult<DraftSaved>> SaveConfidentialityAsync(Guid id, Guid companyId, uint version, ConfidentialityInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SaveAsync(id, companyId, version,
            errors => RequestDraftChecks.CheckContactAsync(db, companyId, input.ContactPersonId, input.ShareContactAbroad, errors, cancellationToken),
            r => r.SetConfidentiality(input.ConfidentialDetails, input.ContactPersonId, input.ShareContactAbroad, clock), cancellationToken);
    }

    /// <summary>
    /// Adds a file to an editable request of the company. The request row is locked meanwhile, so two uploads at
    /// once cannot both pass the limit of <see cref="RequestAttachment.MaxPerRequest"/>.
    /// </summary>
    public async Task<ServiceResult<AttachmentInfo>> AddAttachmentAsync(Guid id, Guid companyId, UploadedFile file, string field, Actor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actor);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await LockAsync(id, cancellationToken);
        if (request is null || request.CompanyId != companyId)
        {
            return ServiceResult<AttachmentInfo>.Fail("", RequestErrors.NotFound);
        }

        if (!request.Status.IsEditableByCompany())
        {
            return ServiceResult<AttachmentInfo>.Fail("", RequestErrors.NotEditable);
        }

        var added = await attachments.AddAsync(request, null, file, actor, field, cancellationToken);
        if (!added.Succeeded)
        {
            return ServiceResult<AttachmentInfo>.Fail(added.Errors);
        }

        var attachment = added.Value!;
        db.AuditEntries.Add(AuditEntry.For(actor, "Request.AttachmentAdded", nameof(PartnershipRequest), request.Id, clock.GetUtcNow(), attachment.Id.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<AttachmentInfo>.Ok(new AttachmentInfo(attachment.Id, attachment.FileName, attachment.Kind, attachment.SizeBytes, attachment.UploadedAt));
    }

    /// <summary>Removes one of the request's own files (not a message's) while the request is editable.</summary>
    public async Task<ServiceResult<bool>> RemoveAttachmentAsync(Guid id, Guid companyId, Guid attachmentId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var request = await db.Requests.AsNoTracking().Where(r => r.Id == id && r.CompanyId == companyId).Select(r => new { r.Status }).FirstOrDefaultAsync(cancellationToken);
        if (request is null)
        {
            return ServiceResult<bool>.Fail("", RequestErrors.NotFound);
        }

        if (!request.Status.IsEditableByCompany())
        {
            return ServiceResult<bool>.Fail("", RequestErrors.NotEditable);
        }

        var attachment = await db.RequestAttachments.FirstOrDefaultAsync(a => a.Id == attachmentId && a.RequestId == id && a.MessageId == null, cancellationToken);
        if (attachment is null)
        {
            return ServiceResult<bool>.Fail("", RequestErrors.AttachmentNotFound);
        }

        db.RequestAttachments.Remove(attachment);
        db.AuditEntries.Add(AuditEntry.For(actor, "Request.AttachmentRemoved", nameof(PartnershipRequest), id, clock.GetUtcNow(), attachmentId.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Loads the request with a row lock (FOR UPDATE) inside the caller's transaction (xmin is a system column: named explicitly).</summary>
    internal async Task<PartnershipRequest?> LockAsync(Guid id, CancellationToken cancellationToken)
    {
        var request = (await db.Requests.FromSql($"SELECT *, xmin FROM partnership_requests WHERE id = {id} FOR UPDATE").AsTracking().ToListAsync(cancellationToken))
            .FirstOrDefault();
        if (request is not null)
        {
            await db.Entry(request).Collection(r => r.Contributors).LoadAsync(cancellationToken);
        }

        return request;
    }

    private async Task<Guid?> FindByClientKeyAsync(Guid companyId, Guid clientKey, CancellationToken cancellationToken) =>
        await db.Requests.AsNoTracking().Where(r => r.CompanyId == companyId && r.ClientKey == clientKey).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<ServiceResult<DraftSaved>> SaveAsync(Guid id, Guid companyId, uint version, Func<List<FieldError>, Task> check, Action<PartnershipRequest> apply,
        CancellationToken cancellationToken)
    {
        var request = await db.FindForCompanyAsync(id, companyId, cancellationToken);
        if (request is null)
        {
            return ServiceResult<DraftSaved>.Fail("", RequestErrors.NotFound);
        }

        if (!request.Status.IsEditableByCompany())
        {
            return ServiceResult<DraftSaved>.Fail("", RequestErrors.NotEditable);
        }

        if (request.Version != version)
        {
            // Saved since the form was loaded. The same form posted twice (double click) changes nothing the
            // second time: that is no conflict with a colleague, just the save that already happened.
            return AppliesWithoutChange(request, apply) ? Saved(request) : ConflictResult(request);
        }

        var errors = new List<FieldError>();
        await check(errors);
        if (errors.Count > 0)
        {
            return ServiceResult<DraftSaved>.Fail(errors);
        }

        try
        {
            apply(request);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<DraftSaved>.Fail([RequestDraftChecks.ToFieldError(ex)]);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Saved by someone else between our read and our write (or by the other post of a double click).
            db.ChangeTracker.Clear();
            var current = await db.FindForCompanyAsync(id, companyId, cancellationToken);
            if (current is null)
            {
                return ServiceResult<DraftSaved>.Fail("", RequestErrors.NotFound);
            }

            return current.Status.IsEditableByCompany() && AppliesWithoutChange(current, apply) ? Saved(current) : ConflictResult(current);
        }

        return Saved(request);
    }

    private static ServiceResult<DraftSaved> Saved(PartnershipRequest request) =>
        ServiceResult<DraftSaved>.Ok(new DraftSaved(request.Id, request.Version, request.CompletedStep));

    /// <summary>
    /// True when applying the step to the (tracked) request would store nothing new but the times of the change.
    /// Leaves the context clean either way: nothing of this trial is saved.
    /// </summary>
    private bool AppliesWithoutChange(PartnershipRequest request, Action<PartnershipRequest> apply)
    {
        try
        {
            apply(request);
            return !ChangesMoreThanTimes(request);
        }
        catch (DomainException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Whether the tracked request has a changed value besides <see cref="PartnershipRequest.UpdatedAt"/> and <see cref="PartnershipRequest.LastActivityAt"/>.</summary>
    private bool ChangesMoreThanTimes(PartnershipRequest request)
    {
        db.ChangeTracker.DetectChanges();
        return db.Entry(request).Properties.Any(p => p.IsModified
            && p.Metadata.Name is not (nameof(PartnershipRequest.UpdatedAt) or nameof(PartnershipRequest.LastActivityAt)));
    }

    private static ServiceResult<DraftSaved> ConflictResult(PartnershipRequest current) =>
        ServiceResult<DraftSaved>.Fail("", RequestErrors.Conflict,
            KoreaTime.ToKst(current.UpdatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " KST");
}
