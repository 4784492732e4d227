using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Configurations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>
/// A signed-in person's side of an event: register (a seat, or the waitlist when the event is full), cancel (the
/// first person waiting gets the seat), and ask a participating institution for a 1:1 meeting in a slot.
/// </summary>
public sealed class EventParticipationService(ConsortiumDbContext db, EventMail mail, TimeProvider clock)
{
    /// <summary>Registers the person: Registered when a seat is free and nobody waits, otherwise Waitlisted. Registering twice changes nothing.</summary>
    public async Task<ServiceResult<RegistrationStatus>> RegisterAsync(Actor actor, Guid eventId, Guid? companyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is not { } userId)
        {
            return ServiceResult<RegistrationStatus>.Fail("", "Events.NotFound");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ev = await EventSeats.LockAsync(db, eventId, cancellationToken);
        if (ev is null || ev.Status == EventStatus.Draft)
        {
            return ServiceResult<RegistrationStatus>.Fail("", "Events.NotFound");
        }

        var now = clock.GetUtcNow();
        if (!ev.IsOpenForRegistration(now))
        {
            return ServiceResult<RegistrationStatus>.Fail("", ev.Status == EventStatus.Cancelled ? "Events.AlreadyCancelled" : "Events.RegistrationClosed");
        }

        var registration = await db.EventRegistrations.SingleOrDefaultAsync(r => r.EventId == eventId && r.UserId == userId, cancellationToken);
        if (registration is { Status: not RegistrationStatus.Cancelled })
        {
            return ServiceResult<RegistrationStatus>.Ok(registration.Status);
        }

        var seated = await db.EventRegistrations.CountAsync(r => r.EventId == eventId && r.Status == RegistrationStatus.Registered, cancellationToken);
        var waiting = await db.EventRegistrations.AnyAsync(r => r.EventId == eventId && r.Status == RegistrationStatus.Waitlisted, cancellationToken);
        var status = seated < ev.Capacity && !waiting ? RegistrationStatus.Registered : RegistrationStatus.Waitlisted;
        if (registration is null)
        {
            registration = new EventRegistration { Id = Guid.CreateVersion7(), EventId = eventId, UserId = userId };
            db.EventRegistrations.Add(registration);
        }

        registration.CompanyId = companyId;
        registration.Status = status;
        registration.QueuedAt = now;
        registration.PromotedAt = null;
        registration.CancelledAt = null;
        registration.Attended = null;
        registration.AttendanceRecordedAt = null;
        db.AuditEntries.Add(AuditEntry.For(actor, status == RegistrationStatus.Registered ? "Event.Registered" : "Event.Waitlisted", "Event", eventId, now));
        await mail.RegistrationAsync(ev, userId, status, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<RegistrationStatus>.Ok(status);
    }

    /// <summary>Cancels the person's registration and meetings; a freed seat goes to the first person waiting, who is told by e-mail.</summary>
    public async Task<ServiceResult<int>> CancelAsync(Actor actor, Guid eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is not { } userId)
        {
            return ServiceResult<int>.Fail("", "Events.NotFound");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ev = await EventSeats.LockAsync(db, eventId, cancellationToken);
        var registration = ev is null ? null
            : await db.EventRegistrations.SingleOrDefaultAsync(r => r.EventId == eventId && r.UserId == userId, cancellationToken);
        if (ev is null || registration is null || registration.Status == RegistrationStatus.Cancelled)
        {
            return ServiceResult<int>.Fail("", "Events.NotRegistered");
        }

        var now = clock.GetUtcNow();
        if (now >= ev.StartsAt)
        {
            return ServiceResult<int>.Fail("", "Events.AlreadyStarted");
        }

        registration.Status = RegistrationStatus.Cancelled;
        registration.CancelledAt = now;
        await db.EventMeetings.Where(m => m.EventId == eventId && m.RequesterUserId == userId
                && (m.Status == MeetingStatus.Requested || m.Status == MeetingStatus.Accepted))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MeetingStatus.Cancelled).SetProperty(m => m.DecidedAt, now), cancellationToken);
        var promoted = await EventSeats.PromoteAsync(db, ev, now, cancellationToken);
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.RegistrationCancelled", "Event", eventId, now));
        foreach (var seat in promoted)
        {
            db.AuditEntries.Add(AuditEntry.For(Actor.System, "Event.Promoted", "EventRegistration", seat.Id, now));
        }

        await mail.PromotedAsync(ev, promoted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<int>.Ok(promoted.Count);
    }

    /// <summary>
    /// Asks an institution of the event for a meeting in a slot. Only a person holding a seat may ask. The partial unique
    /// indexes on event_meetings decide between concurrent requests: exactly one is stored, the others get a field error.
    /// </summary>
    public async Task<ServiceResult<Guid>> RequestMeetingAsync(Actor actor, Guid eventId, Guid? slotId, Guid? institutionId, string? topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is not { } userId)
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId && e.Status != EventStatus.Draft, cancellationToken);
        if (ev is null)
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        var registration = await db.EventRegistrations.AsNoTracking()
            .Where(r => r.EventId == eventId && r.UserId == userId).Select(r => new { r.Status, r.CompanyId }).SingleOrDefaultAsync(cancellationToken);
        if (ev.Status != EventStatus.Published || registration?.Status != RegistrationStatus.Registered)
        {
            return ServiceResult<Guid>.Fail("", "Events.MeetingNeedsSeat");
        }

        var errors = new List<FieldError>();
        var slot = slotId is null ? null
            : await db.EventMeetingSlots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == slotId && s.EventId == eventId, cancellationToken);
        var now = clock.GetUtcNow();
        if (slot is null)
        {
            errors.Add(new FieldError("SlotId", "Events.Choose"));
        }
        else if (slot.StartsAt <= now)
        {
            errors.Add(new FieldError("SlotId", "Events.SlotPast"));
        }

        if (institutionId is null || !await db.EventInstitutions.AnyAsync(i => i.Id == institutionId && i.EventId == eventId, cancellationToken))
        {
            errors.Add(new FieldError("InstitutionId", "Events.Choose"));
        }

        EventInputRules.Text(errors, "Topic", topic, EventMeeting.TopicMaxLength, required: true, multiline: true);
        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var meeting = new EventMeeting
        {
            Id = Guid.CreateVersion7(),
            EventId = eventId,
            SlotId = slot!.Id,
            InstitutionId = institutionId!.Value,
            RequesterUserId = userId,
            CompanyId = registration.CompanyId,
            Topic = topic!.Trim(),
            Status = MeetingStatus.Requested,
            RequestedAt = now,
        };
        db.EventMeetings.Add(meeting);
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.MeetingRequested", "EventMeeting", meeting.Id, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            db.ChangeTracker.Clear();
            return pg.ConstraintName == EventMeetingConfiguration.OnePersonPerSlot
                ? ServiceResult<Guid>.Fail("SlotId", "Events.YouAreBusy")
                : ServiceResult<Guid>.Fail("SlotId", "Events.SlotTaken");
        }

        return ServiceResult<Guid>.Ok(meeting.Id);
    }

    /// <summary>The requester withdraws a requested or accepted meeting; the slot is free again.</summary>
    public async Task<ServiceResult<Guid>> CancelMeetingAsync(Actor actor, Guid eventId, Guid meetingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var meeting = await db.EventMeetings.SingleOrDefaultAsync(m => m.Id == meetingId && m.EventId == eventId && m.RequesterUserId == actor.UserId, cancellationToken);
        if (meeting is null || meeting.Status is MeetingStatus.Declined or MeetingStatus.Cancelled)
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        var now = clock.GetUtcNow();
        meeting.Status = MeetingStatus.Cancelled;
        meeting.DecidedAt = now;
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.MeetingCancelled", "EventMeeting", meeting.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(meeting.Id);
    }
}
