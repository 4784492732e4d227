using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Coordination;

/// <summary>
/// Tells the coordinators of institutes that a request came to them (submitted or resubmitted with the institute as
/// lead or contributor, the lead transferred to it, the institute added as a contributor): an in-app notification and
/// an e-mail in each coordinator's language, both added to the caller's DbContext so they exist only if the change
/// commits. The same pattern as <see cref="RequestNotifier.NotifyCompanyAsync"/>.
/// </summary>
public sealed class InstituteNotifier(ConsortiumDbContext db, EmailComposer composer, PortalLinks links, TimeProvider clock)
{
    /// <summary>The coordinator's page of a request (the e-mail's link).</summary>
    public string RequestLink(Guid requestId) => $"{links.Home()}Coordination/Request/{requestId}";

    /// <summary>
    /// E-mail templates (EmailText "{Kind}.Subject" / "{Kind}.Body") get the arguments {0} recipient's name,
    /// {1} reference number, {2} title, {3} status (localized), {4} link to the coordinator's page of the request,
    /// {5} the institute's role ("lead" / "contributor", localized), {6} who acted (name and institute, or empty).
    /// </summary>
    public async Task NotifyInstitutesAsync(PartnershipRequest request, IReadOnlyCollection<string> organizationCodes, NotificationKind kind, Actor? actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(organizationCodes);
        var codes = organizationCodes.Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).ToArray();
        if (codes.Length == 0)
        {
            return;
        }

        var coordinators = await (
                from u in db.Users.AsNoTracking()
                join ur in db.UserRoles.AsNoTracking() on u.Id equals ur.UserId
                join role in db.Roles.AsNoTracking() on ur.RoleId equals role.Id
                where role.Name == PortalRoles.InstituteCoordinator && u.IsActive && u.Email != null && u.OrganizationCode != null && codes.Contains(u.OrganizationCode)
                select new { u.Id, u.Email, u.DisplayName, u.PreferredCulture, u.OrganizationCode })
            .Distinct()
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var reference = request.ReferenceNumber ?? "";
        var link = new EmailLink(RequestLink(request.Id));
        var who = actor is null || actor.Side == ActorSide.System ? "" : actor.OrganizationCode is { } org ? $"{actor.Name} ({org})" : actor.Name;
        foreach (var coordinator in coordinators)
        {
            db.Notifications.Add(new Notification
            {
                UserId = coordinator.Id,
                Kind = kind,
                RequestId = request.Id,
                Reference = request.ReferenceNumber,
                Subject = request.Title,
                Status = request.Status.ToString(),
                CreatedAt = now,
            });
            var role = coordinator.OrganizationCode == request.LeadOrganizationCode ? "Institute.Role.Lead" : "Institute.Role.Contributor";
            composer.Queue(coordinator.Email!, coordinator.DisplayName, coordinator.PreferredCulture, "Request." + kind,
                kind + ".Subject", kind + ".Body",
                t => [coordinator.DisplayName, reference, request.Title, t["Status." + request.Status].Value, link, t[role].Value, who]);
        }
    }
}
