namespace CarbonNeutralConsortium.Domain.Common;

/// <summary>A broken domain rule. Carries a stable code that the UI localizes.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string code) : base(code) => Code = code;

    public DomainException(string code, string message) : base(message) => Code = code;

    public DomainException() : this("Domain.Error") { }

    public DomainException(string code, Exception inner) : base(code, inner) => Code = code;

    public string Code { get; }
}
