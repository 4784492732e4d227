using System.Globalization;
using System.Net;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Services.Email;

/// <summary>
/// Composes account e-mails in the recipient's language and puts them in the outbox of the current
/// DbContext: they are sent only if the caller's transaction commits. Links come from <see cref="PortalLinks"/>.
/// </summary>
public sealed class AccountEmails(ConsortiumDbContext db, IStringLocalizer<EmailText> text, PortalLinks links, TimeProvider clock)
{
    public void QueuePasswordReset(PortalUser user, string token) =>
        Queue(user, "PasswordReset", "PasswordReset.Subject", "PasswordReset.Body", _ => [user.DisplayName, Link(links.ResetPassword(user.Id, token))]);

    public void QueueStaffInvitation(PortalUser user, string organizationName, string role, string token) =>
        Queue(user, "StaffInvitation", "StaffInvitation.Subject", "StaffInvitation.Body", t =>
            [user.DisplayName, organizationName, t["Role." + role].Value, Link(links.ResetPassword(user.Id, token)), user.Email ?? ""]);

    public void QueueWelcome(PortalUser user, string companyName) =>
        Queue(user, "Welcome", "Welcome.Subject", "Welcome.Body", _ => [user.DisplayName, companyName, Link(links.Home())]);

    private static LinkArgument Link(string url) => new(url);

    /// <summary>Fills the template once as text and once as HTML; in the HTML only link arguments become links.</summary>
    private void Queue(PortalUser user, string kind, string subjectKey, string bodyKey, Func<IStringLocalizer, object[]> arguments)
    {
        var culture = CultureInfo.GetCultureInfo(user.PreferredCulture == "en" ? "en" : "ko");
        var previous = CultureInfo.CurrentUICulture;
        string subject, textBody, htmlBody;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            var args = arguments(text);
            var template = text[bodyKey].Value;
            var signature = text["Signature"].Value;
            subject = text[subjectKey];
            textBody = string.Format(culture, template, args.Select(a => a.ToString()).ToArray()) + "\n\n--\n" + signature;
            var htmlArgs = args.Select(a => a is LinkArgument link
                ? $"<a href=\"{WebUtility.HtmlEncode(link.Url)}\">{WebUtility.HtmlEncode(link.Url)}</a>"
                : WebUtility.HtmlEncode(a.ToString() ?? "")).ToArray();
            htmlBody = "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.6\"><p>"
                + string.Format(culture, HtmlLines(template), htmlArgs)
                + "</p><p style=\"color:#555\">" + HtmlLines(signature) + "</p></body></html>";
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }

        var now = clock.GetUtcNow();
        db.EmailOutbox.Add(new EmailOutboxMessage
        {
            ToAddress = user.Email ?? throw new InvalidOperationException("The user has no e-mail address."),
            ToName = user.DisplayName,
            Subject = subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            Kind = kind,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    private static string HtmlLines(string template) => WebUtility.HtmlEncode(template).Replace("\n", "<br>", StringComparison.Ordinal);

    private sealed record LinkArgument(string Url)
    {
        public override string ToString() => Url;
    }
}
