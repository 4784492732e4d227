using System.Globalization;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>Percentiles of a sample (nearest rank), in the unit the values are in.</summary>
public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double P(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, P(0.50), P(0.95), P(0.99), sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.0} ms · p95 {P95:0.0} ms · p99 {P99:0.0} ms · max {Max:0.0} ms (n={Count})");
}
