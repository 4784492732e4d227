using System.Text.Json;

namespace CarbonNeutralConsortium.Web.Pages.Reports;

/// <summary>One series of a chart: its name and a value per label.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>One row of a chart's data table: its label, the address of the list behind it (if any) and its values.</summary>
public sealed record ChartRow(string Label, string? Href, IReadOnlyList<string> Values);

/// <summary>
/// A chart and the accessible table beneath it (the same numbers): the _ChartTable partial renders the table and a
/// canvas with the data as JSON, which /js/dashboard.js draws with Chart.js (no inline script).
/// </summary>
public sealed record ChartView(string Id, string Title, string Type, string LabelHeader, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series, IReadOnlyList<ChartRow> Rows)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string DataJson() => JsonSerializer.Serialize(new { type = Type, labels = Labels, series = Series.Select(s => new { name = s.Name, values = s.Values }) }, Json);
}
