using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>The public list: topic codes (any of them), format, past or upcoming, text in either title, page.</summary>
public sealed record EventListFilter(IReadOnlyList<string>? TopicCodes, EventFormat? Format, bool Past, string? Search, int Page);

public sealed record EventListRow(Guid Id, EventKind Kind, EventStatus Status, string TitleKo, string TitleEn, EventFormat Format, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, DateTimeOffset RegistrationDeadline, string OrganizerCode, string? Venue, int Capacity, int Seated, int Waiting, List<string> TopicCodes);

public sealed record EventPage(IReadOnlyList<EventListRow> Rows, int Total, int Page, int PageCount);

public sealed record EventInstitutionView(Guid Id, string Name, string CountryCode);

public sealed record EventMaterialView(Guid Id, string Title, string FileName, long SizeBytes);

public sealed record EventDetails(
    ConsortiumEvent Event,
    IReadOnlyList<EventInstitutionView> Institutions,
    IReadOnlyList<EventMaterialView> Materials,
    int Seated,
    int Waiting,
    int Slots,
    RegistrationStatus? MyStatus,
    int? MyWaitPosition,
    bool CanManage);

public sealed record RegistrantRow(Guid Id, string Name, string? Email, string? CompanyName, RegistrationStatus Status, DateTimeOffset QueuedAt,
    DateTimeOffset? PromotedAt, bool? Attended);

public sealed record SlotView(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record MeetingRow(Guid Id, Guid SlotId, Guid InstitutionId, MeetingStatus Status, string RequesterName, string? CompanyName, string Topic,
    string? DecisionNote, DateTimeOffset RequestedAt);

/// <summary>The organizer's board: slots × institutions, with every meeting asked for.</summary>
public sealed record MeetingBoard(IReadOnlyList<SlotView> Slots, IReadOnlyList<EventInstitutionView> Institutions, IReadOnlyList<MeetingRow> Meetings);

/// <summary>A participant's view: the slots, which institution is busy in which slot (no names), and their own meetings.</summary>
public sealed record MyMeetings(IReadOnlyList<SlotView> Slots, IReadOnlyList<EventInstitutionView> Institutions, IReadOnlySet<(Guid SlotId, Guid InstitutionId)> Busy,
    IReadOnlyList<MeetingRow> Mine);

public sealed record MyEventRow(Guid Id, string TitleKo, string TitleEn, DateTimeOffset StartsAt, RegistrationStatus Status, EventStatus EventStatus);

/// <summary>Reads for the event pages: no tracking, projected, one query per list.</summary>
public sealed class EventQueries(ConsortiumDbContext db, TimeProvider clock)
{
    public const int PageSize = 20;

    public async Task<EventPage> PublicListAsync(EventListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow();
        var events = db.Events.AsNoTracking().Where(e => e.Status != EventStatus.Draft);
        events = filter.Past ? events.Where(e => e.EndsAt < now) : events.Where(e => e.EndsAt >= now);
        if (filter.TopicCodes is { Count: > 0 } topics)
        {
            events = events.Where(e => e.TopicCodes.Any(c => topics.Contains(c)));
        }

        if (filter.Format is { } format)
        {
            events = events.Where(e => e.Format == format);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + filter.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            events = events.Where(e => EF.Functions.ILike(e.TitleKo, pattern) || EF.Functions.ILike(e.TitleEn, pattern));
        }

        var total = await events.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pageCount);
        var ordered = filter.Past ? events.OrderByDescending(e => e.StartsAt) : events.OrderBy(e => e.StartsAt);
        var rows = await Project(ordered.ThenBy(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize)).ToListAsync(cancellationToken);
        return new EventPage(rows, total, page, pageCount);
    }

    /// <summary>Every event the actor manages (drafts included): all of them for an admin.</summary>
    public async Task<IReadOnlyList<EventListRow>> ManagedAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var events = db.Events.AsNoTracking();
        if (actor.Side != ActorSide.Agency)
        {
            var code = actor.OrganizationCode ?? "";
            events = events.Where(e => e.OrganizerCode == code || e.CoOrganizerCodes.Contains(code));
        }

        return await Project(events.OrderByDescending(e => e.StartsAt).ThenBy(e => e.Id).Take(500)).ToListAsync(cancellationToken);
    }

    private IQueryable<EventListRow> Project(IQueryable<ConsortiumEvent> events) =>
        events.Select(e => new EventListRow(e.Id, e.Kind, e.Status, e.TitleKo, e.TitleEn, e.Format, e.StartsAt, e.EndsAt, e.RegistrationDeadline, e.OrganizerCode,
            e.Venue, e.Capacity,
            db.EventRegistrations.Count(r => r.EventId == e.Id && r.Status == RegistrationStatus.Registered),
            db.EventRegistrations.Count(r => r.EventId == e.Id && r.Status == RegistrationStatus.Waitlisted),
            e.TopicCodes));

    /// <summary>The event page; null when the event does not exist or is a draft the viewer does not manage.</summary>
    public async Task<EventDetails?> DetailsAsync(Guid eventId, Actor? viewer, CancellationToken cancellationToken)
    {
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return null;
        }

        var canManage = viewer is not null && EventAccess.MayManage(viewer, ev);
        if (ev.Status == EventStatus.Draft && !canManage)
        {
            return null;
        }

        var institutions = await db.EventInstitutions.AsNoTracking().Where(i => i.EventId == eventId).OrderBy(i => i.SortOrder)
            .Select(i => new EventInstitutionView(i.Id, i.Name, i.CountryCode)).ToListAsync(cancellationToken);
        var materials = await db.EventMaterials.AsNoTracking().Where(m => m.EventId == eventId).OrderBy(m => m.UploadedAt)
            .Select(m => new EventMaterialView(m.Id, m.Title, m.FileName, m.SizeBytes)).ToListAsync(cancellationToken);
        var counts = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == eventId && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var slots = await db.EventMeetingSlots.CountAsync(s => s.EventId == eventId, cancellationToken);
        RegistrationStatus? myStatus = null;
        int? position = null;
        if (viewer?.UserId is { } userId)
        {
            var mine = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == eventId && r.UserId == userId)
                .Select(r => new { r.Status, r.QueuedAt, r.Id }).SingleOrDefaultAsync(cancellationToken);
            if (mine is not null && mine.Status != RegistrationStatus.Cancelled)
            {
                myStatus = mine.Status;
                if (mine.Status == RegistrationStatus.Waitlisted)
                {
                    position = 1 + await db.EventRegistrations.CountAsync(r => r.EventId == eventId && r.Status == RegistrationStatus.Waitlisted
                        && (r.QueuedAt < mine.QueuedAt || (r.QueuedAt == mine.QueuedAt && r.Id.CompareTo(mine.Id) < 0)), cancellationToken);
                }
            }
        }

        return new EventDetails(ev, institutions, materials,
            counts.FirstOrDefault(c => c.Key == RegistrationStatus.Registered)?.Count ?? 0,
            counts.FirstOrDefault(c => c.Key == RegistrationStatus.Waitlisted)?.Count ?? 0,
            slots, myStatus, position, canManage);
    }

    /// <summary>Seat holders, the waitlist in order, then cancellations. The caller has checked that the viewer manages the event.</summary>
    public async Task<IReadOnlyList<RegistrantRow>> RegistrantsAsync(Guid eventId, CancellationToken cancellationToken) =>
        await (from r in db.EventRegistrations.AsNoTracking()
               join u in db.Users.AsNoTracking() on r.UserId equals u.Id
               join c in db.Companies.AsNoTracking() on r.CompanyId equals c.Id into companies
               from c in companies.DefaultIfEmpty()
               where r.EventId == eventId
               orderby r.Status == RegistrationStatus.Registered ? 0 : r.Status == RegistrationStatus.Waitlisted ? 1 : 2, r.QueuedAt, r.Id
               select new RegistrantRow(r.Id, u.DisplayName, u.Email, c == null ? null : c.NameKo, r.Status, r.QueuedAt, r.PromotedAt, r.Attended))
            .ToListAsync(cancellationToken);

    public async Task<MeetingBoard> BoardAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var slots = await Slots(eventId).ToListAsync(cancellationToken);
        var institutions = await Institutions(eventId).ToListAsync(cancellationToken);
        var meetings = await Meetings(db.EventMeetings.AsNoTracking().Where(m => m.EventId == eventId)).ToListAsync(cancellationToken);
        return new MeetingBoard(slots, institutions, meetings);
    }

    public async Task<MyMeetings> MineAsync(Guid eventId, Guid userId, CancellationToken cancellationToken)
    {
        var slots = await Slots(eventId).ToListAsync(cancellationToken);
        var institutions = await Institutions(eventId).ToListAsync(cancellationToken);
        var busy = await db.EventMeetings.AsNoTracking()
            .Where(m => m.EventId == eventId && (m.Status == MeetingStatus.Requested || m.Status == MeetingStatus.Accepted))
            .Select(m => new { m.SlotId, m.InstitutionId }).ToListAsync(cancellationToken);
        var mine = await Meetings(db.EventMeetings.AsNoTracking().Where(m => m.EventId == eventId && m.RequesterUserId == userId)).ToListAsync(cancellationToken);
        return new MyMeetings(slots, institutions, busy.Select(b => (b.SlotId, b.InstitutionId)).ToHashSet(), mine);
    }

    /// <summary>A material's file: for anyone once the event is published (or cancelled), for its managers also in draft.</summary>
    public async Task<AttachmentDownload?> MaterialAsync(Guid materialId, Actor? viewer, CancellationToken cancellationToken)
    {
        var found = await (
            from m in db.EventMaterials.AsNoTracking()
            join e in db.Events.AsNoTracking() on m.EventId equals e.Id
            where m.Id == materialId
            select new { m.FileName, m.Kind, m.Data, Event = e }).SingleOrDefaultAsync(cancellationToken);
        if (found is null || (found.Event.Status == EventStatus.Draft && (viewer is null || !EventAccess.MayManage(viewer, found.Event))))
        {
            return null;
        }

        return new AttachmentDownload(found.FileName, AttachmentTypes.ContentType(found.Kind), found.Data);
    }

    /// <summary>The person's registrations for events that have not ended.</summary>
    public async Task<IReadOnlyList<MyEventRow>> MyUpcomingAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await (from r in db.EventRegistrations.AsNoTracking()
                      join e in db.Events.AsNoTracking() on r.EventId equals e.Id
                      where r.UserId == userId && r.Status != RegistrationStatus.Cancelled && e.EndsAt >= now
                      orderby e.StartsAt
                      select new MyEventRow(e.Id, e.TitleKo, e.TitleEn, e.StartsAt, r.Status, e.Status)).Take(50).ToListAsync(cancellationToken);
    }

    private IQueryable<SlotView> Slots(Guid eventId) =>
        db.EventMeetingSlots.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).Select(s => new SlotView(s.Id, s.StartsAt, s.EndsAt));

    private IQueryable<EventInstitutionView> Institutions(Guid eventId) =>
        db.EventInstitutions.AsNoTracking().Where(i => i.EventId == eventId).OrderBy(i => i.SortOrder).Select(i => new EventInstitutionView(i.Id, i.Name, i.CountryCode));

    private IQueryable<MeetingRow> Meetings(IQueryable<EventMeeting> meetings) =>
        from m in meetings
        join u in db.Users.AsNoTracking() on m.RequesterUserId equals u.Id
        join c in db.Companies.AsNoTracking() on m.CompanyId equals c.Id into companies
        from c in companies.DefaultIfEmpty()
        orderby m.RequestedAt
        select new MeetingRow(m.Id, m.SlotId, m.InstitutionId, m.Status, u.DisplayName, c == null ? null : c.NameKo, m.Topic, m.DecisionNote, m.RequestedAt);
}
