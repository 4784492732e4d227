using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Requests;

/// <summary>
/// A list of reference codes from checkboxes or a multiple select: each one short plain text without markup, and
/// not absurdly many. Whether the codes exist is the service's check (reference data).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CodeListAttribute : PlainTextAttribute
{
    public CodeListAttribute() => ErrorMessage = V.Choice;

    public int MaxCount { get; init; } = 300;

    public override bool IsValid(object? value) =>
        value is not IEnumerable<string?> codes
        || (codes.Count() <= MaxCount && codes.All(c => c is null || (c.Length <= ReferenceItem.CodeMaxLength && IsPlain(c, multiline: false) && c.IndexOfAny(['<', '>']) < 0)));
}
