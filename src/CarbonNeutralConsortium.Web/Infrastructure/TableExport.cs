using System.Globalization;
using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using MiniExcelLibs;
using Microsoft.Net.Http.Headers;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>The file formats a list or a dashboard exports to.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>One table of an export: its (localized) sheet name, headers and rows of plain values (strings, numbers, dates).</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<object?>> Rows);

/// <summary>
/// Writes lists and dashboards as CSV (UTF-8 with BOM, so Excel reads Korean) or .xlsx (MiniExcel): headers in the
/// reader's language, the filters applied named in the file (the first rows of a CSV, a sheet of their own in .xlsx),
/// the file named after the export and today's date in KST. A text cell starting with = + - @ is written with a
/// leading apostrophe in CSV, so no spreadsheet runs it as a formula.
/// </summary>
public static class TableExport
{
    public static bool TryParse(string? format, out ExportFormat result)
    {
        switch (format?.ToLowerInvariant())
        {
            case "csv":
                result = ExportFormat.Csv;
                return true;
            case "xlsx":
                result = ExportFormat.Xlsx;
                return true;
            default:
                result = default;
                return false;
        }
    }

    /// <summary>Writes the tables to the response (the filters as label/value pairs, in the reader's language).</summary>
    public static async Task WriteAsync(HttpResponse response, string fileBase, ExportFormat format, DateOnly today,
        string filtersSheetName, IReadOnlyList<(string Label, string Value)> filters, IReadOnlyList<ExportTable> tables, CancellationToken cancellationToken)
    {
        var extension = format == ExportFormat.Csv ? "csv" : "xlsx";
        response.ContentType = format == ExportFormat.Csv
            ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"{fileBase}-{today:yyyyMMdd}.{extension}",
        }.ToString();
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";

        if (format == ExportFormat.Csv)
        {
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024);
            foreach (var (label, value) in filters)
            {
                await writer.WriteAsync(Row([label, value]));
            }

            if (filters.Count > 0)
            {
                await writer.WriteAsync("\r\n");
            }

            var multiple = tables.Count > 1;
            foreach (var table in tables)
            {
                if (multiple)
                {
                    await writer.WriteAsync(Row([table.Name]));
                }

                await writer.WriteAsync(Row(table.Headers.Cast<object?>().ToList()));
                foreach (var row in table.Rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await writer.WriteAsync(Row(row));
                }

                if (multiple)
                {
                    await writer.WriteAsync("\r\n");
                }
            }

            await writer.FlushAsync(cancellationToken);
            return;
        }

        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            sheets[UniqueSheetName(sheets, table.Name)] = Sheet(table);
        }

        if (filters.Count > 0)
        {
            sheets[UniqueSheetName(sheets, filtersSheetName)] = filters
                .Select(f => (IDictionary<string, object?>)new Dictionary<string, object?> { ["A"] = f.Label, ["B"] = f.Value })
                .ToList();
        }

        // The package is zipped in memory (lists are paged to at most MaxRows) and sent with its length.
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(sheets, printHeader: true, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, cancellationToken);
    }

    /// <summary>The most rows an export writes (Excel's sheet limit is 1,048,576).</summary>
    public const int MaxRows = 200_000;

    /// <summary>The rows as MiniExcel reads them, one at a time (nothing is materialized but the zipped package).</summary>
    private static IEnumerable<IDictionary<string, object?>> Sheet(ExportTable table)
    {
        // MiniExcel takes the headers from the first row's keys; keys must differ, so a repeated header gets a suffix.
        var keys = new List<string>();
        foreach (var header in table.Headers)
        {
            var key = header;
            for (var n = 2; keys.Contains(key); n++)
            {
                key = $"{header} ({n})";
            }

            keys.Add(key);
        }

        var any = false;
        foreach (var row in table.Rows)
        {
            any = true;
            var values = new Dictionary<string, object?>(keys.Count, StringComparer.Ordinal);
            for (var i = 0; i < keys.Count; i++)
            {
                values[keys[i]] = i < row.Count ? Cell(row[i]) : null;
            }

            yield return values;
        }

        if (!any)
        {
            // An empty list still carries its headers.
            yield return keys.ToDictionary(k => k, _ => (object?)null, StringComparer.Ordinal);
        }
    }

    private static object? Cell(object? value) => value switch
    {
        DateTimeOffset at => KoreaTime.ToKst(at).DateTime,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string UniqueSheetName(Dictionary<string, object> sheets, string name)
    {
        var clean = new string(name.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' ? ' ' : c).ToArray()).Trim();
        clean = clean.Length == 0 ? "Sheet" : clean[..Math.Min(clean.Length, 28)];
        var candidate = clean;
        for (var n = 2; sheets.ContainsKey(candidate); n++)
        {
            candidate = $"{clean} {n}";
        }

        return candidate;
    }

    private static string Row(IReadOnlyList<object?> values)
    {
        var line = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Escape(values[i]));
        }

        return line.Append("\r\n").ToString();
    }

    private static string Escape(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset at => KoreaTime.ToKst(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
