using System.Globalization;
using System.Text;
using CarbonNeutralConsortium.Domain.Events;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>
/// An iCalendar file (RFC 5545) for an event: one VEVENT with a stable UID, times in UTC, text escaped and lines
/// folded at 75 octets with CRLF endings, so calendar programs import it as is. A cancelled event is sent with
/// STATUS:CANCELLED and a higher SEQUENCE, which updates the copy already imported.
/// </summary>
public static class EventCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Build(ConsortiumEvent ev, string title, string description, string organizerName, string pageUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Global Technology Cooperation Council//Consortium Portal//KO",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:event-{ev.Id}@cnc-portal",
            "DTSTAMP:" + Utc(now),
            "DTSTART:" + Utc(ev.StartsAt),
            "DTEND:" + Utc(ev.EndsAt),
            "SEQUENCE:" + (ev.Status == EventStatus.Cancelled ? "1" : "0"),
            "STATUS:" + (ev.Status == EventStatus.Cancelled ? "CANCELLED" : "CONFIRMED"),
            "SUMMARY:" + Escape(title),
            "DESCRIPTION:" + Escape(string.IsNullOrWhiteSpace(description) ? pageUrl : description + "\n\n" + pageUrl),
            "URL:" + pageUrl,
            "ORGANIZER;CN=" + ParamValue(organizerName) + ":mailto:noreply@cnc-portal.invalid",
        };
        var location = string.Join(" / ", new[] { ev.Venue, ev.OnlineUrl }.Where(v => !string.IsNullOrEmpty(v)));
        if (location.Length > 0)
        {
            lines.Add("LOCATION:" + Escape(location));
        }

        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(builder, line);
        }

        return builder.ToString();
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping: backslash, semicolon, comma and line breaks.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("\r", "\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>A parameter value: quoted, without the characters a quoted value cannot hold.</summary>
    private static string ParamValue(string text) => "\"" + new string([.. text.Where(c => c != '"' && !char.IsControl(c))]) + "\"";

    /// <summary>Folds a content line at 75 octets (never inside a UTF-8 sequence or a surrogate pair) and ends it with CRLF.</summary>
    private static void Fold(StringBuilder builder, string line)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                builder.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }

            builder.Append(line, i, length);
            octets += size;
            i += length - 1;
        }

        builder.Append("\r\n");
    }
}
