using System.Globalization;
using System.Net;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Services.Email;

/// <summary>A link in an e-mail: in the HTML part it becomes an anchor; every other argument is encoded text.</summary>
public sealed record EmailLink(string Url)
{
    public override string ToString() => Url;
}

/// <summary>
/// Fills an EmailText template in the recipient's language, once as text and once as HTML, and adds the message to
/// the outbox of the current DbContext: it is sent only if the caller's transaction commits.
/// </summary>
public sealed class EmailComposer(ConsortiumDbContext db, IStringLocalizer<EmailText> text, TimeProvider clock)
{
    /// <param name="culture">"ko" or "en" (anything else is treated as "ko").</param>
    /// <param name="arguments">Builds the template's arguments with the localizer already in the recipient's language.</param>
    public void Queue(string toAddress, string? toName, string culture, string kind, string subjectKey, string bodyKey, Func<IStringLocalizer, object[]> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var cultureInfo = CultureInfo.GetCultureInfo(culture == "en" ? "en" : "ko");
        var previous = CultureInfo.CurrentUICulture;
        string subject, textBody, htmlBody;
        try
        {
            CultureInfo.CurrentUICulture = cultureInfo;
            var args = arguments(text);
            var template = text[bodyKey].Value;
            var signature = text["Signature"].Value;
            subject = string.Format(cultureInfo, text[subjectKey].Value, args.Select(a => a.ToString()).ToArray());
            textBody = string.Format(cultureInfo, template, args.Select(a => a.ToString()).ToArray()) + "\n\n--\n" + signature;
            var htmlArgs = args.Select(a => a is EmailLink link
                ? $"<a href=\"{WebUtility.HtmlEncode(link.Url)}\">{WebUtility.HtmlEncode(link.Url)}</a>"
                : WebUtility.HtmlEncode(a.ToString() ?? "")).ToArray();
            htmlBody = "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.6\"><p>"
                + string.Format(cultureInfo, HtmlLines(template), htmlArgs)
                + "</p><p style=\"color:#555\">" + HtmlLines(signature) + "</p></body></html>";
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }

        var now = clock.GetUtcNow();
        db.EmailOutbox.Add(new EmailOutboxMessage
        {
            ToAddress = toAddress,
            ToName = toName,
            Subject = subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            Kind = kind,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    private static string HtmlLines(string template) => WebUtility.HtmlEncode(template).Replace("\n", "<br>", StringComparison.Ordinal);
}
