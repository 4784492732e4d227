using System.Globalization;
using System.Net;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Services.Email;

/// <summary>
/// Composes account e-mails in the recipient's language and puts them in the outbox of the current
/// DbContext: they are sent only if the caller's transaction commits.
/// </summary>
public sealed class AccountEmails(ConsortiumDbContext db, IStringLocalizer<EmailText> text, TimeProvider clock)
{
    public void QueuePasswordReset(PortalUser user, string link) =>
        Queue(user, "PasswordReset", "PasswordReset.Subject", "PasswordReset.Body", user.DisplayName, link);

    public void QueueStaffInvitation(PortalUser user, string organizationName, string roleName, string link) =>
        Queue(user, "StaffInvitation", "StaffInvitation.Subject", "StaffInvitation.Body", user.DisplayName, organizationName, roleName, link, user.Email ?? "");

    public void QueueWelcome(PortalUser user, string companyName, string portalLink) =>
        Queue(user, "Welcome", "Welcome.Subject", "Welcome.Body", user.DisplayName, companyName, portalLink);

    private void Queue(PortalUser user, string kind, string subjectKey, string bodyKey, params object[] arguments)
    {
        var culture = CultureInfo.GetCultureInfo(user.PreferredCulture == "en" ? "en" : "ko");
        var previous = CultureInfo.CurrentUICulture;
        string subject, body;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            subject = text[subjectKey];
            body = string.Format(culture, text[bodyKey], arguments) + "\n\n--\n" + text["Signature"];
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
            TextBody = body,
            HtmlBody = ToHtml(body),
            Kind = kind,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    private static string ToHtml(string text)
    {
        var lines = text.Split('\n').Select(line =>
        {
            var encoded = WebUtility.HtmlEncode(line);
            return line.StartsWith("http://", StringComparison.Ordinal) || line.StartsWith("https://", StringComparison.Ordinal)
                ? $"<a href=\"{encoded}\">{encoded}</a>"
                : encoded;
        });
        return "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.6\"><p>"
            + string.Join("<br>", lines)
            + "</p></body></html>";
    }
}
