using System.Security.Cryptography;
using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Partners;

public enum ImportRowKind
{
    Add,
    Change,
    Unchanged,
}

/// <summary>What one valid row of the file does: adds a partner, changes one (which fields, old → new) or nothing.</summary>
public sealed record ImportRowPlan(int Row, string ExternalId, string Name, ImportRowKind Kind, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// The preview of an uploaded file: counts, the rows that add or change a partner, every error (row, column, code,
/// value: <see cref="PartnerCsv.Codes"/> and <see cref="PartnerImportService.OwnedByOtherInstitute"/>).
/// </summary>
public sealed record ImportPreview(
    Guid UploadId,
    string FileName,
    string Sha256,
    DateTimeOffset UploadedAt,
    DateTimeOffset? AppliedAt,
    int RecordCount,
    int Adds,
    int Changes,
    int Unchanged,
    int BadRows,
    IReadOnlyList<ImportRowPlan> Rows,
    IReadOnlyList<PartnerCsvError> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}

public sealed record ImportOutcome(int Added, int Changed, int Unchanged, int SkippedRows);

/// <summary>
/// Partner CSV import in two steps. <see cref="PreviewAsync"/> keeps the uploaded file (with its SHA-256) and reports
/// what it would add and change and every bad row; <see cref="ApplyAsync"/> applies exactly that stored file, once,
/// by its uploader, in one transaction: all rows, or (when told to skip bad rows) all good rows, or nothing.
/// Existing partners are matched by external_id in one query per file; coordinators may only change their own
/// institute's partners, admins any. New partners belong to the uploader's organization.
/// </summary>
public sealed class PartnerImportService(ConsortiumDbContext db, TimeProvider clock)
{
    public const string OwnedByOtherInstitute = "Import.OwnedByOtherInstitute";
    public const string FileField = "File";

    public async Task<ServiceResult<ImportPreview>> PreviewAsync(byte[] content, string? fileName, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(actor);
        if (!PartnerService.CanCreate(actor) || actor.UserId is not { } userId)
        {
            return ServiceResult<ImportPreview>.Fail("", PartnerResultCodes.Forbidden);
        }

        if (content.Length == 0)
        {
            return ServiceResult<ImportPreview>.Fail(FileField, "Import.FileEmpty");
        }

        if (content.Length > PartnerImportUpload.MaxBytes)
        {
            return ServiceResult<ImportPreview>.Fail(FileField, "Import.FileTooLarge", PartnerImportUpload.MaxBytes / (1024 * 1024));
        }

        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = string.IsNullOrWhiteSpace(name) || !PartnerCsv.IsValidText(name, multiline: false) ? "partners.csv" : name;
        name = name.Length > 255 ? name[^255..] : name;
        var upload = new PartnerImportUpload
        {
            Id = Guid.CreateVersion7(),
            UploadedByUserId = userId,
            OrganizationCode = actor.OrganizationCode ?? "",
            FileName = name,
            Content = content,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            UploadedAt = clock.GetUtcNow(),
        };
        db.PartnerImportUploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);

        var plan = await PlanAsync(upload, actor, cancellationToken);
        return ServiceResult<ImportPreview>.Ok(plan.ToPreview(upload));
    }

    /// <summary>The preview of an upload again (after the redirect), for its uploader only; null otherwise.</summary>
    public async Task<ImportPreview?> GetPreviewAsync(Guid uploadId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var upload = await db.PartnerImportUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == uploadId && u.UploadedByUserId == actor.UserId, cancellationToken);
        if (upload is null)
        {
            return null;
        }

        var plan = await PlanAsync(upload, actor, cancellationToken);
        return plan.ToPreview(upload);
    }

    public async Task<ServiceResult<ImportOutcome>> ApplyAsync(Guid uploadId, bool skipBadRows, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var upload = await db.PartnerImportUploads.FirstOrDefaultAsync(u => u.Id == uploadId && u.UploadedByUserId == actor.UserId, cancellationToken);
        if (upload is null || !PartnerService.CanCreate(actor))
        {
            return ServiceResult<ImportOutcome>.Fail("", PartnerResultCodes.NotFound);
        }

        if (upload.AppliedAt is not null)
        {
            return ServiceResult<ImportOutcome>.Fail("", "Import.AlreadyApplied");
        }

        var plan = await PlanAsync(upload, actor, cancellationToken, track: true);
        if (plan.Errors.Count > 0 && !skipBadRows)
        {
            return ServiceResult<ImportOutcome>.Fail("", "Import.NothingApplied", plan.BadRows.Count);
        }

        var now = clock.GetUtcNow();
        var added = 0;
        var changed = 0;
        foreach (var item in plan.Items)
        {
            if (plan.BadRows.Contains(item.Row.Row))
            {
                continue;
            }

            switch (item.Plan.Kind)
            {
                case ImportRowKind.Add:
                    var partner = OverseasPartner.Create(item.Data, string.IsNullOrEmpty(upload.OrganizationCode) ? null : upload.OrganizationCode, clock);
                    db.OverseasPartners.Add(partner);
                    db.AuditEntries.Add(AuditEntry.For(actor, "Partner.Created", "OverseasPartner", partner.Id, now, $"import {upload.Id} row {item.Row.Row}: {partner.ExternalId}"));
                    added++;
                    break;
                case ImportRowKind.Change:
                    item.Existing!.Update(item.Data, clock);
                    db.AuditEntries.Add(AuditEntry.For(actor, "Partner.Updated", "OverseasPartner", item.Existing.Id, now,
                        $"import {upload.Id} row {item.Row.Row}: " + string.Join("; ", item.Plan.Changes.Select(c => $"{c.Column}: {c.Old} → {c.New}"))));
                    changed++;
                    break;
            }
        }

        var unchanged = plan.Items.Count(i => i.Plan.Kind == ImportRowKind.Unchanged);
        upload.AppliedAt = now;
        db.AuditEntries.Add(AuditEntry.For(actor, "Partner.Imported", "PartnerImportUpload", upload.Id, now,
            $"{upload.FileName} ({upload.Sha256[..12]}): added {added}, changed {changed}, unchanged {unchanged}, skipped rows {plan.BadRows.Count}"));

        // One SaveChanges: one transaction for every partner, audit row and the upload's AppliedAt (its xmin makes a
        // second, concurrent apply of the same upload fail instead of applying twice).
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<ImportOutcome>.Fail("", "Import.AlreadyApplied");
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone added a partner with one of the file's external ids meanwhile: nothing is applied; preview again.
            db.ChangeTracker.Clear();
            return ServiceResult<ImportOutcome>.Fail("", PartnerResultCodes.Conflict);
        }

        return ServiceResult<ImportOutcome>.Ok(new ImportOutcome(added, changed, unchanged, plan.BadRows.Count));
    }

    private sealed record PlanItem(PartnerCsvRow Row, OverseasPartnerData Data, OverseasPartner? Existing, ImportRowPlan Plan);

    private sealed record Plan(int RecordCount, IReadOnlyList<PlanItem> Items, IReadOnlyList<PartnerCsvError> Errors, IReadOnlySet<int> BadRows)
    {
        public ImportPreview ToPreview(PartnerImportUpload upload) => new(upload.Id, upload.FileName, upload.Sha256, upload.UploadedAt, upload.AppliedAt, RecordCount,
            Items.Count(i => i.Plan.Kind == ImportRowKind.Add && !BadRows.Contains(i.Row.Row)),
            Items.Count(i => i.Plan.Kind == ImportRowKind.Change && !BadRows.Contains(i.Row.Row)),
            Items.Count(i => i.Plan.Kind == ImportRowKind.Unchanged && !BadRows.Contains(i.Row.Row)),
            BadRows.Count,
            [.. Items.Where(i => i.Plan.Kind != ImportRowKind.Unchanged && !BadRows.Contains(i.Row.Row)).Select(i => i.Plan)],
            Errors);
    }

    /// <summary>Parses the stored file and compares each valid row with the partner of its external_id (one query for all).</summary>
    private async Task<Plan> PlanAsync(PartnerImportUpload upload, Actor actor, CancellationToken cancellationToken, bool track = false)
    {
        var reference = await PartnerReference.LoadAsync(db, cancellationToken);
        PartnerCsvResult parsed;
        using (var reader = new StreamReader(new MemoryStream(upload.Content, writable: false), new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true))
        {
            parsed = PartnerCsv.Read(reader, reference.CodeBook);
        }

        var errors = parsed.Errors.ToList();
        var rows = parsed.Rows.Select(r => (Row: r, Data: PartnerRules.Normalize(r.Data))).ToList();
        var ids = rows.Select(r => r.Data.ExternalId).Distinct(StringComparer.Ordinal).ToArray();
        var source = track ? db.OverseasPartners : db.OverseasPartners.AsNoTracking();
        var existing = ids.Length == 0
            ? []
            : await source.Where(p => ids.Contains(p.ExternalId)).ToDictionaryAsync(p => p.ExternalId, StringComparer.Ordinal, cancellationToken);

        var items = new List<PlanItem>(rows.Count);
        foreach (var (row, data) in rows)
        {
            if (!existing.TryGetValue(data.ExternalId, out var partner))
            {
                items.Add(new PlanItem(row, data, null, new ImportRowPlan(row.Row, data.ExternalId, data.Name, ImportRowKind.Add, [])));
                continue;
            }

            var changes = PartnerRules.Differences(partner.ToData(), data);
            if (changes.Count > 0 && !PartnerService.CanManage(actor, partner.OwnerOrganizationCode))
            {
                errors.Add(new PartnerCsvError(row.Row, PartnerCsv.ExternalId, OwnedByOtherInstitute, data.ExternalId));
            }

            items.Add(new PlanItem(row, data, partner,
                new ImportRowPlan(row.Row, data.ExternalId, data.Name, changes.Count == 0 ? ImportRowKind.Unchanged : ImportRowKind.Change, changes)));
        }

        // A header problem or an unreadable file is a "row" too (row 1 or the row of the broken quote); sorted for the report.
        List<PartnerCsvError> sorted = [.. errors.OrderBy(e => e.Row)];
        return new Plan(parsed.RecordCount, items, sorted, sorted.Select(e => e.Row).ToHashSet());
    }
}
