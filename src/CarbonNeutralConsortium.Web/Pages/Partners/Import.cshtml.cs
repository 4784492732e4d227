using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>
/// Partner CSV import: upload (kept as is) → preview (?id=: counts, adds and changes, every bad row) → apply that exact
/// file once, all or nothing unless bad rows are to be skipped. Only the uploader sees and applies an upload (others: 404).
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = PartnerImportUpload.MaxBytes + (1024 * 1024))]
[RequestSizeLimit(PartnerImportUpload.MaxBytes + (2 * 1024 * 1024))]
public sealed class ImportModel(PartnerImportService imports, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int MaxShownRows = 500;
    private const string OutcomeKey = "Import.Outcome";

    [BindProperty]
    [Display(Name = "Import.File")]
    public IFormFile? Upload { get; set; }

    public ImportPreview? Preview { get; private set; }

    /// <summary>Counts of the apply that just happened (added, changed, unchanged, skipped rows).</summary>
    public ImportOutcome? Outcome { get; private set; }

    public IActionResult OnGet() => PartnerService.CanCreate(User.ActorOf()) ? Page() : Forbid();

    /// <summary>The preview of an upload of the signed-in user.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(Guid id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (!PartnerService.CanCreate(actor))
        {
            return Forbid();
        }

        Preview = await imports.GetPreviewAsync(id, actor, cancellationToken);
        if (Preview is null)
        {
            return NotFound();
        }

        if (TempData[OutcomeKey] is string outcome && outcome.Split('|') is [var a, var c, var u, var s])
        {
            Outcome = new ImportOutcome(Int(a), Int(c), Int(u), Int(s));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (!PartnerService.CanCreate(actor))
        {
            return Forbid();
        }

        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), localizer["Import.FileEmpty"]);
            return Page();
        }

        if (Upload.Length > PartnerImportUpload.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), localizer["Import.FileTooLarge", PartnerImportUpload.MaxBytes / (1024 * 1024)]);
            return Page();
        }

        byte[] content;
        using (var buffer = new MemoryStream((int)Upload.Length))
        {
            await Upload.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        var result = await imports.PreviewAsync(content, Upload.FileName, actor, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Field == PartnerImportService.FileField ? nameof(Upload) : "", localizer[error.Code, error.Arguments]);
            }

            return Page();
        }

        return RedirectToPage("./Import", "Preview", new { id = result.Value!.UploadId });
    }

    public async Task<IActionResult> OnPostApplyAsync(Guid uploadId, bool skipBadRows, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (!PartnerService.CanCreate(actor))
        {
            return Forbid();
        }

        var result = await imports.ApplyAsync(uploadId, skipBadRows, actor, cancellationToken);
        if (result.Has(PartnerResultCodes.NotFound))
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            var o = result.Value!;
            TempData[OutcomeKey] = string.Create(CultureInfo.InvariantCulture, $"{o.Added}|{o.Changed}|{o.Unchanged}|{o.SkippedRows}");
            return RedirectToPage("./Import", "Preview", new { id = uploadId });
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("", localizer[error.Code, error.Arguments]);
        }

        Preview = await imports.GetPreviewAsync(uploadId, actor, cancellationToken);
        return Preview is null ? NotFound() : Page();
    }

    private static int Int(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
