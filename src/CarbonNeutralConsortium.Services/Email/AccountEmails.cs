using CarbonNeutralConsortium.Services.Identity;

namespace CarbonNeutralConsortium.Services.Email;

/// <summary>Account e-mails in the recipient's language, through the outbox. Links come from <see cref="PortalLinks"/>.</summary>
public sealed class AccountEmails(EmailComposer composer, PortalLinks links)
{
    public void QueuePasswordReset(PortalUser user, string token) =>
        Queue(user, "PasswordReset", _ => [user.DisplayName, new EmailLink(links.ResetPassword(user.Id, token))]);

    public void QueueStaffInvitation(PortalUser user, string organizationName, string role, string token) =>
        Queue(user, "StaffInvitation", t =>
            [user.DisplayName, organizationName, t["Role." + role].Value, new EmailLink(links.ResetPassword(user.Id, token)), user.Email ?? ""]);

    public void QueueWelcome(PortalUser user, string companyName) =>
        Queue(user, "Welcome", _ => [user.DisplayName, companyName, new EmailLink(links.Home())]);

    private void Queue(PortalUser user, string kind, Func<Microsoft.Extensions.Localization.IStringLocalizer, object[]> arguments) =>
        composer.Queue(user.Email ?? throw new InvalidOperationException("The user has no e-mail address."), user.DisplayName, user.PreferredCulture,
            kind, kind + ".Subject", kind + ".Body", arguments);
}
