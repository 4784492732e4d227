using System.Globalization;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Programmes;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CarbonNeutralConsortium.Web.Pages.Programmes;

public enum FieldKind
{
    Text,
    TextArea,
    Number,
    Date,
    Select,
    Checkboxes,
}

/// <summary>One option of a select or a checkbox list.</summary>
public sealed record FieldOption(string Value, string Text);

/// <summary>
/// The model of the _FormField partial: one form field with its label, hint and the error shown beside it
/// (id <c>Input_Name-error</c>, referenced by aria-describedby).
/// </summary>
public sealed record FieldView(
    string Name, string Label, string? Value, string? Error, FieldKind Kind = FieldKind.Text, bool Required = false, string? Hint = null,
    IReadOnlyList<FieldOption>? Options = null, IReadOnlyCollection<string>? Selected = null, int MaxLength = 0, string Prefix = "Input")
{
    public string Id => Prefix + "_" + Name;

    public string FullName => Prefix + "." + Name;
}

public static class ProgrammeForms
{
    /// <summary>The field for Input.<paramref name="name"/>: the value as typed when it could not be bound (a budget of "abc"), its first error.</summary>
    public static FieldView Field(ModelStateDictionary modelState, string name, string label, object? value, FieldKind kind = FieldKind.Text, bool required = false,
        string? hint = null, IReadOnlyList<FieldOption>? options = null, IReadOnlyCollection<string>? selected = null, int maxLength = 0, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        var key = prefix + "." + name;
        var text = value switch
        {
            null => null,
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        if (modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 && entry.AttemptedValue is { } attempted && kind is FieldKind.Number or FieldKind.Date)
        {
            text = attempted;
        }

        return new FieldView(name, label, text, modelState.FirstErrorOf(key), kind, required, hint, options, selected, maxLength, prefix);
    }

    public static string? FirstErrorOf(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>A code from a query string: short plain text, or null.</summary>
    public static string? Code(string? value)
    {
        var code = value?.Trim();
        return string.IsNullOrEmpty(code) || code.Length > 64 || !ProgrammeText.IsPlain(code, multiline: false) ? null : code;
    }

    /// <summary>A search text from a query string: bounded, plain, or null.</summary>
    public static string? Search(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || !ProgrammeText.IsPlain(text, multiline: false))
        {
            return null;
        }

        return text.Length > ProgrammeText.SearchMaxLength ? text[..ProgrammeText.SearchMaxLength] : text;
    }

    /// <summary>An enum value from a query string (by name), or null.</summary>
    public static TEnum? Enum<TEnum>(string? value)
        where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed : null;

    public static string Money(long? krw) => krw is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) + " KRW" : "—";

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The route values of a list's filters, for the pager's links.</summary>
    public static Microsoft.AspNetCore.Routing.RouteValueDictionary Route(int page, params (string Key, string? Value)[] values)
    {
        var route = new Microsoft.AspNetCore.Routing.RouteValueDictionary();
        foreach (var (key, value) in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                route[key] = value;
            }
        }

        if (page > 1)
        {
            route["p"] = page.ToString(CultureInfo.InvariantCulture);
        }

        return route;
    }

    /// <summary>The page count to show: past the counted rows the pager grows one page at a time.</summary>
    public static int KnownPages<T>(BoundedPage<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Math.Max(page.PageCount, page.Page + (page.HasNext ? 1 : 0));
    }
}
