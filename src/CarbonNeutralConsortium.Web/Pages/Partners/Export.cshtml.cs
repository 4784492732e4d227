using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>
/// The filtered registry as the partner CSV of FORMATS.md (it re-imports unchanged): UTF-8 with BOM for Excel,
/// partners-yyyyMMdd.csv (KST), streamed in batches of 1,000.
/// </summary>
public sealed class ExportModel(PartnerQueries queries, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync([FromQuery] PartnerFilterQuery filter, CancellationToken cancellationToken)
    {
        var listFilter = (filter ?? new PartnerFilterQuery()).ToFilter();
        var reference = await queries.GetReferenceAsync(cancellationToken);
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

    /// <summary>PartnerCsv writes a header with every call: keep it only for the first batch.</summary>
    private static async Task WriteBatchAsync(StreamWriter writer, IReadOnlyList<OverseasPartnerData> batch, bool header)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        PartnerCsv.Write(text, batch);
        var csv = text.ToString();
        await writer.WriteAsync(header ? csv : csv[(csv.IndexOf("\r\n", StringComparison.Ordinal) + 2)..]);
    }
}
