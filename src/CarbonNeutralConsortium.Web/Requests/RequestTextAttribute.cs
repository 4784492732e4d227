using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Web.Infrastructure;

namespace CarbonNeutralConsortium.Web.Requests;

/// <summary>
/// Free text of a request (title, summary, keywords, details): plain text as <see cref="PlainTextAttribute"/>
/// and no HTML tags. A lone "&lt;" as in "a &lt; b" or "&lt;=" is fine: technical text needs it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed partial class RequestTextAttribute : PlainTextAttribute
{
    public RequestTextAttribute() => ErrorMessage = "Request.NoMarkup";

    public override bool IsValid(object? value) => value is not string text || (IsPlain(text, Multiline) && !TagPattern().IsMatch(text));

    [GeneratedRegex(@"<\s*[A-Za-z/!?]", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
