using System.Globalization;
using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Common;

namespace CarbonNeutralConsortium.Services.Programmes;

/// <summary>The result codes a page turns into 404 and 403 (a crafted post for an item the actor may not touch).</summary>
public static class ProgrammeResultCodes
{
    public const string NotFound = "Programmes.NotFound";
    public const string Forbidden = "Programmes.Forbidden";

    public static bool IsNotFound<T>(this ServiceResult<T> result) => result.Errors.Any(e => e.Code == NotFound);

    public static bool IsForbidden<T>(this ServiceResult<T> result) => result.Errors.Any(e => e.Code == Forbidden);
}

/// <summary>
/// Who may do what in the programmes (DOMAIN.md): consortium staff (institute coordinators, agency admins) see plans,
/// standards items and policy proposals; a coordinator edits what their institute leads (plans: lead or contributor);
/// the admin does everything.
/// </summary>
public static class ProgrammeAccess
{
    public static bool IsAdmin(Actor actor) => actor?.Side == ActorSide.Agency;

    public static bool IsCoordinator(Actor actor) => actor?.Side == ActorSide.Institute && !string.IsNullOrEmpty(actor.OrganizationCode);

    public static bool IsStaff(Actor actor) => IsAdmin(actor) || IsCoordinator(actor);

    /// <summary>A coordinator's own institute, or (admin) any institute.</summary>
    public static bool ActsFor(Actor actor, string organizationCode) =>
        IsAdmin(actor) || (IsCoordinator(actor) && string.Equals(actor.OrganizationCode, organizationCode, StringComparison.Ordinal));
}

/// <summary>Checks of the free text and identifier lists of the programme forms, as field errors.</summary>
public static partial class ProgrammeText
{
    public const int SearchMaxLength = 100;

    /// <summary>Required text: not empty, at most <paramref name="max"/> characters, plain (no control characters, no tags).</summary>
    public static void Required(List<FieldError> errors, string field, string? value, int max, bool multiline = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "Programmes.Required"));
            return;
        }

        Optional(errors, field, value, max, multiline);
    }

    public static void Optional(List<FieldError> errors, string field, string? value, int max, bool multiline = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var text = value.Trim();
        if (text.Length > max)
        {
            errors.Add(new FieldError(field, "Programmes.TooLong", max));
        }
        else if (!IsPlain(text, multiline))
        {
            errors.Add(new FieldError(field, "Programmes.PlainText"));
        }
        else if (Tag().IsMatch(text))
        {
            errors.Add(new FieldError(field, "Programmes.NoMarkup"));
        }
    }

    public static bool IsPlain(string text, bool multiline)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c == '\uFFFD' || (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A search text for ILIKE: trimmed, bounded, plain, with the wildcards escaped; null when there is none.</summary>
    public static string? LikePattern(string? query)
    {
        var text = query?.Trim();
        if (string.IsNullOrEmpty(text) || !IsPlain(text, multiline: false))
        {
            return null;
        }

        text = text.Length > SearchMaxLength ? text[..SearchMaxLength] : text;
        return "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
    }

    /// <summary>The identifiers typed in a field, separated by commas, semicolons, spaces or new lines.</summary>
    public static IReadOnlyList<string> Tokens(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The unknown identifiers of a field, shortened for the message.</summary>
    public static string Unknown(IEnumerable<string> tokens)
    {
        var list = tokens.Take(5).Select(t => t.Length > 40 ? t[..40] + "…" : t);
        return string.Join(", ", list);
    }

    public static bool InRange(DateOnly date) => date.Year is >= 2000 and <= 2100;

    public static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"<\s*[A-Za-z/!?]", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
