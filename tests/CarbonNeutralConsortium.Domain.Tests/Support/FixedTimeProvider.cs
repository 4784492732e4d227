namespace CarbonNeutralConsortium.Domain.Tests.Support;

/// <summary>A clock that always says the same instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;
}
