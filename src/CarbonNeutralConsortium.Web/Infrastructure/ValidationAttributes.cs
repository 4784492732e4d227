using System.ComponentModel.DataAnnotations;
using System.Text;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Text a person typed: refuses control characters (PostgreSQL refuses NUL), the replacement character that
/// invalid UTF-8 decodes to, unpaired surrogates and, for one-line fields, line breaks.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public class PlainTextAttribute : ValidationAttribute
{
    public PlainTextAttribute() => ErrorMessage = V.PlainText;

    public bool Multiline { get; init; }

    public override bool IsValid(object? value) => value is not string text || IsPlain(text, Multiline);

    public static bool IsPlain(string text, bool multiline)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune == Rune.ReplacementChar)
            {
                return false;
            }

            if (Rune.IsControl(rune) && !(multiline && (rune.Value is '\n' or '\r' or '\t')))
            {
                return false;
            }
        }

        // EnumerateRunes turns unpaired surrogates into U+FFFD, caught above.
        return true;
    }
}

/// <summary>A name (person, company): plain one-line text without angle brackets.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NameTextAttribute : PlainTextAttribute
{
    public NameTextAttribute() => ErrorMessage = V.NoMarkup;

    public override bool IsValid(object? value) =>
        value is not string text || (IsPlain(text, multiline: false) && text.IndexOfAny(['<', '>']) < 0);
}

/// <summary>A checkbox that must be ticked (consent).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MustBeTrueAttribute : ValidationAttribute
{
    public MustBeTrueAttribute() => ErrorMessage = V.MustAgree;

    public override bool IsValid(object? value) => value is true;
}

/// <summary>Six digits from an authenticator app, as people type them ("123456", "123 456", "123-456").</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TotpCodeAttribute : ValidationAttribute
{
    public TotpCodeAttribute() => ErrorMessage = "Validation.TotpCode";

    public override bool IsValid(object? value) => value is not string text || Services.Identity.Totp.Normalize(text.Trim()) is not null;
}
