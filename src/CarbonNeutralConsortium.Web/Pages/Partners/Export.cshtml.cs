using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Localization;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>
/// The filtered registry as the partner CSV of FORMATS.md (it re-imports unchanged): UTF-8 with BOM for Excel,
/// partners-yyyyMMdd.csv (KST), streamed in batches of 1,000.
/// </summary>
public sealed class ExportModel(PartnerQueries queries, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The most partners the .xlsx holds (it is built in memory; the CSV streams the whole registry).</summary>
    public const int XlsxMaxRows = 20_000;

    public async Task<IActionResult> OnGetAsync([FromQuery] PartnerFilterQuery filter, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        var listFilter = (filter ?? new PartnerFilterQuery()).ToFilter();
        var reference = await queries.GetReferenceAsync(cancellationToken);
        if (format is not null)
        {
            if (!TableExport.TryParse(format, out var kind) || kind != ExportFormat.Xlsx)
            {
                return BadRequest();
            }

            return await XlsxAsync(listFilter, reference, cancellationToken);
        }

        var fileName = $"partners-{KoreaTime.Today(clock):yyyyMMdd}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        Response.Headers[HeaderNames.CacheControl] = "no-store";
        Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";

        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024);
        var first = true;
        await foreach (var batch in queries.ExportBatchesAsync(listFilter, reference, cancellationToken))
        {
            await WriteBatchAsync(writer, batch, header: first);
            first = false;
        }

        if (first)
        {
            await WriteBatchAsync(writer, [], header: true);
        }

        await writer.FlushAsync(cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The filtered registry as .xlsx with headers in the reader's language and names instead of codes.</summary>
    private async Task<IActionResult> XlsxAsync(PartnerListFilter listFilter, PartnerReference reference, CancellationToken cancellationToken)
    {
        var partners = new List<OverseasPartnerData>();
        await foreach (var batch in queries.ExportBatchesAsync(listFilter, reference, cancellationToken))
        {
            partners.AddRange(batch.Take(XlsxMaxRows - partners.Count));
            if (partners.Count >= XlsxMaxRows)
            {
                break;
            }
        }

        var snapshot = await references.GetAsync(cancellationToken);
        string[] headers =
        [
            l["PartnerField.ExternalId"], l["PartnerField.Name"], l["PartnerField.NameKo"], l["PartnerField.Country"], l["PartnerField.PartnerType"],
            l["PartnerField.TechnologyCodes"], l["PartnerField.CooperationTypes"], l["PartnerField.TrlMin"], l["PartnerField.TrlMax"],
            l["PartnerField.Keywords"], l["PartnerField.Website"], l["PartnerField.Description"],
        ];
        var rows = partners.Select(p => (IReadOnlyList<object?>)
        [
            p.ExternalId, p.Name, p.NameKo, snapshot.Country(p.CountryCode).LocalName(), snapshot.PartnerType(p.PartnerTypeCode).LocalName(),
            string.Join(", ", p.TechnologyCodes.Select(c => snapshot.Technology(c).LocalName())),
            string.Join(", ", p.CooperationTypes.Select(c => snapshot.CooperationType(c).LocalName())),
            p.TrlMin, p.TrlMax, string.Join(", ", p.Keywords), p.Website, p.Description,
        ]);
        await TableExport.WriteAsync(Response, "partners", ExportFormat.Xlsx, KoreaTime.Today(clock), l["Reports.Filters"],
            [(l["Partners.Export.Rows"], l["Partners.Export.RowsValue", partners.Count, XlsxMaxRows])], [new ExportTable(l["Partners.Title"], headers, rows)], cancellationToken);
        return new EmptyResult();
    }

    /// <summary>PartnerCsv writes a header with every call: keep it only for the first batch.</summary>
    private static async Task WriteBatchAsync(StreamWriter writer, IReadOnlyList<OverseasPartnerData> batch, bool header)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        PartnerCsv.Write(text, batch);
        var csv = text.ToString();
        await writer.WriteAsync(header ? csv : csv[(csv.IndexOf("\r\n", StringComparison.Ordinal) + 2)..]);
    }
}
