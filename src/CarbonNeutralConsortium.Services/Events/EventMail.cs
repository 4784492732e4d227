using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>
/// E-mails about events, each in the recipient's language and added to the caller's outbox (sent only if the change
/// commits). Templates (EmailText "Event*.Subject/Body") get {0} name, {1} event title, {2} start and end in KST,
/// {3} venue or online link, {4} link to the event page, {5} a detail (reason, meeting time and institution).
/// </summary>
public sealed class EventMail(ConsortiumDbContext db, EmailComposer composer, PortalLinks links)
{
    public async Task RegistrationAsync(ConsortiumEvent ev, Guid userId, RegistrationStatus status, CancellationToken cancellationToken) =>
        await SendAsync(ev, [userId], status == RegistrationStatus.Registered ? "EventRegistered" : "EventWaitlisted", _ => "", cancellationToken);

    public async Task PromotedAsync(ConsortiumEvent ev, IReadOnlyCollection<EventRegistration> promoted, CancellationToken cancellationToken)
    {
        if (promoted.Count > 0)
        {
            await SendAsync(ev, [.. promoted.Select(p => p.UserId)], "EventPromoted", _ => "", cancellationToken);
        }
    }

    public async Task CancelledAsync(ConsortiumEvent ev, IReadOnlyCollection<Guid> userIds, string reason, CancellationToken cancellationToken) =>
        await SendAsync(ev, userIds, "EventCancelled", _ => reason, cancellationToken);

    public async Task ReminderAsync(ConsortiumEvent ev, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        await SendAsync(ev, userIds, "EventReminder", _ => "", cancellationToken);

    public async Task MeetingDecidedAsync(ConsortiumEvent ev, EventMeeting meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var detail = await (
            from s in db.EventMeetingSlots.AsNoTracking()
            from i in db.EventInstitutions.AsNoTracking()
            where s.Id == meeting.SlotId && i.Id == meeting.InstitutionId
            select new { s.StartsAt, s.EndsAt, i.Name }).SingleAsync(cancellationToken);
        var when = string.Create(CultureInfo.InvariantCulture, $"{KoreaTime.ToKst(detail.StartsAt):yyyy-MM-dd HH:mm}–{KoreaTime.ToKst(detail.EndsAt):HH:mm} KST");
        await SendAsync(ev, [meeting.RequesterUserId], meeting.Status == MeetingStatus.Accepted ? "EventMeetingAccepted" : "EventMeetingDeclined",
            _ => $"{when}, {detail.Name}" + (meeting.DecisionNote is { } note ? $" — {note}" : ""), cancellationToken);
    }

    private async Task SendAsync(ConsortiumEvent ev, IReadOnlyCollection<Guid> userIds, string kind, Func<string, string> detail, CancellationToken cancellationToken)
    {
        var people = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id) && u.IsActive && u.Email != null)
            .Select(u => new { u.Email, u.DisplayName, u.PreferredCulture })
            .ToListAsync(cancellationToken);
        var when = string.Create(CultureInfo.InvariantCulture, $"{KoreaTime.ToKst(ev.StartsAt):yyyy-MM-dd HH:mm} – {KoreaTime.ToKst(ev.EndsAt):yyyy-MM-dd HH:mm} KST");
        var where = string.Join(" / ", new[] { ev.Venue, ev.OnlineUrl }.Where(v => !string.IsNullOrEmpty(v)));
        foreach (var person in people)
        {
            var title = person.PreferredCulture == "en" ? ev.TitleEn : ev.TitleKo;
            composer.Queue(person.Email!, person.DisplayName, person.PreferredCulture, "Event." + kind, kind + ".Subject", kind + ".Body",
                _ => [person.DisplayName, title, when, where, new EmailLink(links.Event(ev.Id)), detail(person.PreferredCulture)]);
        }
    }
}
