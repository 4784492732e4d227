namespace CarbonNeutralConsortium.Services.Common;

/// <summary>
/// An error a user can fix, tied to a field of the form (or "" for the whole form). <see cref="Code"/> is a
/// localization key of the web project's SharedResource; <see cref="Arguments"/> fill its placeholders.
/// </summary>
public sealed record FieldError(string Field, string Code, params object[] Arguments);

/// <summary>Outcome of a service call: success with a value, or field errors. Never an exception for a user's mistake.</summary>
public sealed class ServiceResult<T>
{
    private ServiceResult(T? value, IReadOnlyList<FieldError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    public static ServiceResult<T> Ok(T value) => new(value, []);

    public static ServiceResult<T> Fail(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new(default, errors);

    public static ServiceResult<T> Fail(string field, string code, params object[] arguments) => Fail([new FieldError(field, code, arguments)]);
}
