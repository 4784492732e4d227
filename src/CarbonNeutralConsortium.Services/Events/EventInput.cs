using System.Globalization;
using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.ReferenceData;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>An event as an organizer typed it. Times are KST wall-clock times (the form's datetime-local fields).</summary>
public sealed record EventInput(
    string? OrganizerCode,
    IReadOnlyList<string> CoOrganizerCodes,
    EventKind? Kind,
    string? TitleKo,
    string? TitleEn,
    string? DescriptionKo,
    string? DescriptionEn,
    IReadOnlyList<string> TopicCodes,
    EventFormat? Format,
    string? Venue,
    string? OnlineUrl,
    DateTime? StartsLocal,
    DateTime? EndsLocal,
    DateTime? DeadlineLocal,
    int? Capacity,
    string? Institutions);

/// <summary>One line of the institutions field: "Name | country code".</summary>
public sealed record InstitutionLine(string Name, string CountryCode);

/// <summary>Checks an <see cref="EventInput"/>: every problem becomes a field error (localization keys "Events.*").</summary>
internal static class EventInputRules
{
    public const int MaxDurationDays = 14;

    public static (List<FieldError> Errors, List<InstitutionLine> Institutions) Check(EventInput input, ReferenceSnapshot reference, bool creating, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        Text(errors, "TitleKo", input.TitleKo, ConsortiumEvent.TitleMaxLength, required: true, multiline: false);
        Text(errors, "TitleEn", input.TitleEn, ConsortiumEvent.TitleMaxLength, required: true, multiline: false);
        Text(errors, "DescriptionKo", input.DescriptionKo, ConsortiumEvent.DescriptionMaxLength, required: false, multiline: true);
        Text(errors, "DescriptionEn", input.DescriptionEn, ConsortiumEvent.DescriptionMaxLength, required: false, multiline: true);
        if (input.Kind is null || !Enum.IsDefined(input.Kind.Value))
        {
            errors.Add(new FieldError("Kind", "Events.Choose"));
        }

        if (input.OrganizerCode is null || reference.Organizations.All(o => o.Code != input.OrganizerCode))
        {
            errors.Add(new FieldError("OrganizerCode", "Events.Choose"));
        }

        if (input.CoOrganizerCodes.Any(c => reference.Organizations.All(o => o.Code != c)) || input.CoOrganizerCodes.Count > 7)
        {
            errors.Add(new FieldError("CoOrganizerCodes", "Events.UnknownOrganization"));
        }

        if (input.TopicCodes.Count == 0)
        {
            errors.Add(new FieldError("TopicCodes", "Events.TopicRequired"));
        }
        else if (input.TopicCodes.Count > ConsortiumEvent.MaxTopics)
        {
            errors.Add(new FieldError("TopicCodes", "Events.TooManyTopics", ConsortiumEvent.MaxTopics));
        }
        else if (input.TopicCodes.Any(c => reference.Technologies.All(t => t.Code != c)))
        {
            errors.Add(new FieldError("TopicCodes", "Events.UnknownTopic"));
        }

        if (input.Format is null || !Enum.IsDefined(input.Format.Value))
        {
            errors.Add(new FieldError("Format", "Events.Choose"));
        }
        else
        {
            if (input.Format is EventFormat.OnSite or EventFormat.Hybrid && string.IsNullOrWhiteSpace(input.Venue))
            {
                errors.Add(new FieldError("Venue", "Events.VenueRequired"));
            }

            if (input.Format is EventFormat.Online or EventFormat.Hybrid && string.IsNullOrWhiteSpace(input.OnlineUrl))
            {
                errors.Add(new FieldError("OnlineUrl", "Events.LinkRequired"));
            }
        }

        Text(errors, "Venue", input.Venue, ConsortiumEvent.VenueMaxLength, required: false, multiline: false);
        if (!string.IsNullOrWhiteSpace(input.OnlineUrl) && !IsWebLink(input.OnlineUrl.Trim()))
        {
            errors.Add(new FieldError("OnlineUrl", "Events.LinkInvalid"));
        }

        CheckTimes(errors, input, creating, now);
        if (input.Capacity is not { } capacity || capacity < 1 || capacity > ConsortiumEvent.MaxCapacity)
        {
            errors.Add(new FieldError("Capacity", "Events.CapacityRange", ConsortiumEvent.MaxCapacity));
        }

        var institutions = ParseInstitutions(errors, input.Institutions, reference);
        return (errors, institutions);
    }

    private static void CheckTimes(List<FieldError> errors, EventInput input, bool creating, DateTimeOffset now)
    {
        if (input.StartsLocal is not { } startsLocal || !InRange(startsLocal))
        {
            errors.Add(new FieldError("StartsLocal", "Events.DateInvalid"));
            return;
        }

        var starts = FromKst(startsLocal);
        if (creating && starts <= now)
        {
            errors.Add(new FieldError("StartsLocal", "Events.StartInPast"));
        }

        if (input.EndsLocal is not { } endsLocal || !InRange(endsLocal))
        {
            errors.Add(new FieldError("EndsLocal", "Events.DateInvalid"));
        }
        else if (FromKst(endsLocal) <= starts)
        {
            errors.Add(new FieldError("EndsLocal", "Events.EndBeforeStart"));
        }
        else if (FromKst(endsLocal) - starts > TimeSpan.FromDays(MaxDurationDays))
        {
            errors.Add(new FieldError("EndsLocal", "Events.TooLong", MaxDurationDays));
        }

        if (input.DeadlineLocal is not { } deadlineLocal || !InRange(deadlineLocal))
        {
            errors.Add(new FieldError("DeadlineLocal", "Events.DateInvalid"));
        }
        else if (FromKst(deadlineLocal) > starts)
        {
            errors.Add(new FieldError("DeadlineLocal", "Events.DeadlineAfterStart"));
        }
    }

    private static bool InRange(DateTime value) => value.Year is >= 2000 and <= 2100;

    /// <summary>A KST wall-clock time as an instant (in UTC, as the database stores it).</summary>
    public static DateTimeOffset FromKst(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, KoreaTime.Zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    public static bool IsWebLink(string value) =>
        value.Length <= ConsortiumEvent.UrlMaxLength
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && PlainText.IsPlain(value, multiline: false)
        && !value.Contains(' ', StringComparison.Ordinal);

    private static List<InstitutionLine> ParseInstitutions(List<FieldError> errors, string? text, ReferenceSnapshot reference)
    {
        var result = new List<InstitutionLine>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        if (text.Length > ConsortiumEvent.MaxInstitutions * (EventInstitution.NameMaxLength + 10) || !PlainText.IsPlain(text, multiline: true))
        {
            errors.Add(new FieldError("Institutions", "Events.InstitutionsInvalid", 0));
            return result;
        }

        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            var country = parts.Length == 2 ? parts[1].ToUpperInvariant() : "";
            if (parts.Length != 2 || parts[0].Length == 0 || parts[0].Length > EventInstitution.NameMaxLength || parts[0].IndexOfAny(['<', '>']) >= 0
                || reference.Countries.All(c => c.Code != country))
            {
                errors.Add(new FieldError("Institutions", "Events.InstitutionsInvalid", lineNumber));
                return result;
            }

            if (result.All(r => !string.Equals(r.Name, parts[0], StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(new InstitutionLine(parts[0], country));
            }
        }

        if (result.Count > ConsortiumEvent.MaxInstitutions)
        {
            errors.Add(new FieldError("Institutions", "Events.TooManyInstitutions", ConsortiumEvent.MaxInstitutions));
        }

        return result;
    }

    /// <summary>Required/length/plain-text checks of one text field.</summary>
    public static void Text(List<FieldError> errors, string field, string? value, int max, bool required, bool multiline)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add(new FieldError(field, "Events.Required"));
            }
        }
        else if (text.Length > max)
        {
            errors.Add(new FieldError(field, "Events.TooLongText", max));
        }
        else if (!PlainText.IsPlain(text, multiline) || (!multiline && text.IndexOfAny(['<', '>']) >= 0))
        {
            errors.Add(new FieldError(field, multiline ? "Events.PlainText" : "Events.NoMarkup"));
        }
    }

    public static string FormatInstitutions(IEnumerable<InstitutionLine> lines) =>
        string.Join("\n", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Name} | {l.CountryCode}")));
}

/// <summary>Text a person typed: no control characters (except line breaks in multi-line text), no U+FFFD, no lone surrogates.</summary>
public static class PlainText
{
    public static bool IsPlain(string text, bool multiline)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune == Rune.ReplacementChar || (Rune.IsControl(rune) && !(multiline && rune.Value is '\n' or '\r' or '\t')))
            {
                return false;
            }
        }

        return true;
    }
}
