namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// How much data <c>cnc generate</c> makes. <see cref="Full"/> is QUALITY.md's data set; <see cref="Small"/> one hundredth.
/// Tests use their own, smaller scales (the ratios need not be the same, within reason: at most ten matches a
/// request, since a request gets at most five partners a round and at most three rounds).
/// </summary>
public sealed record GeneratorScale(string Name, int Companies, int Requests, int Partners, int Matches)
{
    public static readonly GeneratorScale Full = new("full", 100_000, 1_000_000, 100_000, 3_000_000);

    public static readonly GeneratorScale Small = new("small", 1_000, 10_000, 1_000, 30_000);

    public static GeneratorScale? Named(string? name) => name switch
    {
        "full" => Full,
        "small" => Small,
        _ => null,
    };

    /// <summary>The problem with these counts, or null when a data set of this scale can be made.</summary>
    public string? Problem()
    {
        if (Companies < 1 || Requests < 1 || Partners < 10 || Matches < 0)
        {
            return "a scale needs at least 1 company, 1 request and 10 partners";
        }

        if (Matches > Requests * 4L)
        {
            return "at most four matches a request on average";
        }

        return (long)Companies * 10 > int.MaxValue || Requests > 50_000_000 || Matches > 200_000_000 ? "the scale is too large" : null;
    }
}

/// <summary>What to generate: the scale, the seed, the day the data ends ("today" of the data set), the users' password.</summary>
/// <param name="AsOf">The data set's today (KST): the five years of requests end the day before, at midnight KST.</param>
/// <param name="Password">Every generated user's password, or null (nobody can sign in).</param>
/// <param name="Replace">Replace the portal's business data if there is some (otherwise the command refuses).</param>
public sealed record GenerationOptions(GeneratorScale Scale, long Seed, DateOnly AsOf, string? Password, bool Replace);

/// <summary>One timed step of a run (a table load, an index, a phase).</summary>
public sealed record GenerationStep(string Name, long Rows, TimeSpan Elapsed);

/// <summary>What a run did: the phases with their durations, the rows of each table, the total and the database size.</summary>
public sealed record GenerationReport(
    IReadOnlyList<GenerationStep> Phases,
    IReadOnlyList<GenerationStep> Tables,
    IReadOnlyList<GenerationStep> SchemaSteps,
    TimeSpan Total,
    long DatabaseBytes,
    long ReferenceSequence);

/// <summary>The command refused to run (a database with data and no --replace, a bad option): exit code 2 with the message.</summary>
public sealed class GenerationRefusedException(string message) : Exception(message);
