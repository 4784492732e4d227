namespace CarbonNeutralConsortium.Services.Tests.Support;

/// <summary>A clock that says what the test tells it.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}
