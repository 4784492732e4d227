namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>The independent random streams of a run: each entity draws from its own stream, seeded from (seed, stream, index).</summary>
internal enum RngStream : ulong
{
    Layout = 1,
    Company = 2,
    Contact = 3,
    Partner = 4,
    Request = 5,
    RequestPlacement = 6,
    Match = 7,
    Ids = 8,
    Users = 9,
    Adjust = 10,
}

/// <summary>
/// A small, fast, deterministic random number generator (SplitMix64). The same seed gives the same numbers on every
/// machine and every .NET version, unlike <see cref="Random"/>'s unspecified algorithm. A mutable struct: pass it by ref.
/// </summary>
internal struct Rng
{
    private ulong _state;

    public Rng(ulong seed) => _state = seed;

    /// <summary>The stream of one entity: the same (seed, stream, index) always gives the same numbers, in any order of work.</summary>
    public static Rng For(long seed, RngStream stream, long index) =>
        new(Mix(Mix(unchecked((ulong)seed) ^ ((ulong)stream * 0xD1B54A32D192ED03UL)) ^ unchecked((ulong)index * 0x9E3779B97F4A7C15UL)));

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextU64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>0 ≤ result &lt; n.</summary>
    public int Next(int n) => (int)(((NextU64() >> 32) * (ulong)n) >> 32);

    /// <summary>lo ≤ result ≤ hi.</summary>
    public int Range(int lo, int hi) => lo + Next(hi - lo + 1);

    public long RangeLong(long lo, long hi) => lo + (long)((NextU64() >> 1) % (ulong)(hi - lo + 1));

    /// <summary>0 ≤ result &lt; 1.</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>An index drawn with the given cumulative weights (ascending, last = total).</summary>
    public int Pick(double[] cumulative)
    {
        var x = NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, x);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    /// <summary>A skewed small number: lo + floor(span × u^power), many near lo, a few near hi.</summary>
    public int Skewed(int lo, int hi, double power)
    {
        var value = lo + (int)((hi - lo + 1) * Math.Pow(NextDouble(), power));
        return Math.Min(value, hi);
    }
}

/// <summary>Cumulative weights for <see cref="Rng.Pick(double[])"/>.</summary>
internal static class Weights
{
    public static double[] Cumulative(ReadOnlySpan<double> weights)
    {
        var cumulative = new double[weights.Length];
        double sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        return cumulative;
    }

    /// <summary>Zipf-like weights 1/(rank+1)^s for n items.</summary>
    public static double[] Zipf(int n, double s)
    {
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            weights[i] = 1.0 / Math.Pow(i + 1, s);
        }

        return weights;
    }
}
