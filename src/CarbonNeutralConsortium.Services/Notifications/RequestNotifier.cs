using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Notifications;

/// <summary>
/// Tells the members of a request's company what happened: an in-app notification and an e-mail in each
/// member's language, both added to the caller's DbContext so they exist only if the change commits.
/// </summary>
public sealed class RequestNotifier(ConsortiumDbContext db, EmailComposer composer, PortalLinks links, TimeProvider clock)
{
    /// <summary>
    /// E-mail templates (EmailText "{Kind}.Subject" / "{Kind}.Body") get the arguments {0} recipient's name,
    /// {1} reference number, {2} title, {3} new status (localized), {4} link to the request, {5} note.
    /// </summary>
    public async Task NotifyCompanyAsync(PartnershipRequest request, NotificationKind kind, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var members = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == request.CompanyId && u.IsActive && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredCulture })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var reference = request.ReferenceNumber ?? "";
        foreach (var member in members)
        {
            db.Notifications.Add(new Notification
            {
                UserId = member.Id,
                Kind = kind,
                RequestId = request.Id,
                Reference = request.ReferenceNumber,
                Subject = request.Title,
                Status = request.Status.ToString(),
                CreatedAt = now,
            });
            composer.Queue(member.Email!, member.DisplayName, member.PreferredCulture, "Request." + kind,
                kind + ".Subject", kind + ".Body",
                t => [member.DisplayName, reference, request.Title, t["Status." + request.Status].Value, new EmailLink(links.Request(request.Id)), note ?? ""]);
        }
    }
}
