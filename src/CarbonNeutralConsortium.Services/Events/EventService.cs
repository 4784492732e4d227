using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>
/// The organizers' side of seminars and workshops: create and edit, publish and cancel, materials, 1:1 meeting
/// slots and decisions, attendance. Only coordinators of the organizing (or a co-organizing) institute and agency
/// admins may act (<see cref="EventAccess"/>); anyone else gets "not found", as if the event did not exist. Every
/// change writes its audit entry in the same transaction.
/// </summary>
public sealed class EventService(ConsortiumDbContext db, ReferenceDataCache references, EventMail mail, TimeProvider clock)
{
    public const int MaxSlotsPerEvent = 200;

    public async Task<ServiceResult<Guid>> CreateAsync(Actor actor, EventInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (!EventAccess.MayOrganizeFor(actor, input.OrganizerCode))
        {
            return ServiceResult<Guid>.Fail("OrganizerCode", "Events.NotYourInstitute");
        }

        var now = clock.GetUtcNow();
        var (errors, institutions) = EventInputRules.Check(input, await references.GetAsync(cancellationToken), creating: true, now);
        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var ev = new ConsortiumEvent { Id = Guid.CreateVersion7(), Status = EventStatus.Draft, CreatedAt = now };
        Apply(ev, input, now);
        db.Events.Add(ev);
        AddInstitutions(ev.Id, institutions, 0);
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.Created", "Event", ev.Id, now, ev.TitleKo));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(ev.Id);
    }

    public async Task<ServiceResult<Guid>> UpdateAsync(Actor actor, Guid eventId, EventInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ev = await LockAsync(eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        if (ev.Status == EventStatus.Cancelled)
        {
            return ServiceResult<Guid>.Fail("", "Events.AlreadyCancelled");
        }

        if (input.OrganizerCode != ev.OrganizerCode && !EventAccess.MayOrganizeFor(actor, input.OrganizerCode))
        {
            return ServiceResult<Guid>.Fail("OrganizerCode", "Events.NotYourInstitute");
        }

        var now = clock.GetUtcNow();
        var (errors, institutions) = EventInputRules.Check(input, await references.GetAsync(cancellationToken), creating: false, now);
        var seated = await db.EventRegistrations.CountAsync(r => r.EventId == eventId && r.Status == RegistrationStatus.Registered, cancellationToken);
        if (input.Capacity is { } capacity && capacity < seated)
        {
            errors.Add(new FieldError("Capacity", "Events.CapacityBelowSeated", seated));
        }

        var existing = await db.EventInstitutions.Where(i => i.EventId == eventId).OrderBy(i => i.SortOrder).ToListAsync(cancellationToken);
        var removed = existing.Where(e => institutions.All(l => !string.Equals(l.Name, e.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (removed.Count > 0 && await db.EventMeetings.AnyAsync(m => removed.Select(r => r.Id).Contains(m.InstitutionId)
                && (m.Status == MeetingStatus.Requested || m.Status == MeetingStatus.Accepted), cancellationToken))
        {
            errors.Add(new FieldError("Institutions", "Events.InstitutionHasMeetings"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var capacityBefore = ev.Capacity;
        var startsBefore = ev.StartsAt;
        Apply(ev, input, now);
        if (ev.StartsAt != startsBefore)
        {
            ev.ReminderSentAt = null;
        }

        db.EventInstitutions.RemoveRange(removed);
        foreach (var kept in existing.Except(removed))
        {
            var line = institutions.First(l => string.Equals(l.Name, kept.Name, StringComparison.OrdinalIgnoreCase));
            kept.Name = line.Name;
            kept.CountryCode = line.CountryCode;
            kept.SortOrder = institutions.IndexOf(line);
        }

        var added = institutions.Where(l => existing.All(e => !string.Equals(e.Name, l.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var line in added)
        {
            AddInstitutions(ev.Id, [line], institutions.IndexOf(line));
        }

        var promoted = ev.Capacity > capacityBefore ? await EventSeats.PromoteAsync(db, ev, now, cancellationToken) : [];
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.Updated", "Event", ev.Id, now,
            ev.Capacity != capacityBefore ? string.Create(CultureInfo.InvariantCulture, $"capacity {capacityBefore} → {ev.Capacity}") : null));
        await mail.PromotedAsync(ev, promoted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(ev.Id);
    }

    public async Task<ServiceResult<Guid>> PublishAsync(Actor actor, Guid eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ev = await db.Events.SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        var now = clock.GetUtcNow();
        if (ev.Status != EventStatus.Draft)
        {
            return ServiceResult<Guid>.Fail("", "Events.NotDraft");
        }

        if (ev.StartsAt <= now)
        {
            return ServiceResult<Guid>.Fail("", "Events.StartInPast");
        }

        ev.Status = EventStatus.Published;
        ev.UpdatedAt = now;
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.Published", "Event", ev.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(ev.Id);
    }

    /// <summary>Cancels the event: everyone registered or waiting is told by e-mail; active meetings are cancelled.</summary>
    public async Task<ServiceResult<Guid>> CancelAsync(Actor actor, Guid eventId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new List<FieldError>();
        EventInputRules.Text(errors, "CancelReason", reason, EventMeeting.TopicMaxLength, required: true, multiline: true);
        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ev = await LockAsync(eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        if (ev.Status == EventStatus.Cancelled)
        {
            return ServiceResult<Guid>.Fail("", "Events.AlreadyCancelled");
        }

        var now = clock.GetUtcNow();
        var wasPublished = ev.Status == EventStatus.Published;
        ev.Status = EventStatus.Cancelled;
        ev.UpdatedAt = now;
        await db.EventMeetings.Where(m => m.EventId == eventId && (m.Status == MeetingStatus.Requested || m.Status == MeetingStatus.Accepted))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MeetingStatus.Cancelled).SetProperty(m => m.DecidedAt, now), cancellationToken);
        if (wasPublished)
        {
            var people = await db.EventRegistrations.Where(r => r.EventId == eventId && r.Status != RegistrationStatus.Cancelled)
                .Select(r => r.UserId).ToListAsync(cancellationToken);
            await mail.CancelledAsync(ev, people, reason!.Trim(), cancellationToken);
        }

        db.AuditEntries.Add(AuditEntry.For(actor, "Event.Cancelled", "Event", ev.Id, now, reason!.Trim()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(ev.Id);
    }

    public async Task<ServiceResult<Guid>> AddMaterialAsync(Actor actor, Guid eventId, string? title, UploadedFile? file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        var errors = new List<FieldError>();
        EventInputRules.Text(errors, "MaterialTitle", title, ConsortiumEvent.TitleMaxLength, required: true, multiline: false);
        if (file is null || file.Length <= 0)
        {
            errors.Add(new FieldError("MaterialFile", "Attachment.Empty"));
        }
        else if (file.Length > EventMaterial.MaxBytes)
        {
            errors.Add(new FieldError("MaterialFile", "Attachment.TooLarge", EventMaterial.MaxBytes / (1024 * 1024)));
        }

        if (await db.EventMaterials.CountAsync(m => m.EventId == eventId, cancellationToken) >= EventMaterial.MaxPerEvent)
        {
            errors.Add(new FieldError("MaterialFile", "Events.TooManyMaterials", EventMaterial.MaxPerEvent));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        byte[] data;
        await using (var stream = file!.OpenReadStream())
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > EventMaterial.MaxBytes)
                {
                    return ServiceResult<Guid>.Fail("MaterialFile", "Attachment.TooLarge", EventMaterial.MaxBytes / (1024 * 1024));
                }
            }

            data = buffer.ToArray();
        }

        string name;
        try
        {
            name = RequestAttachment.SafeFileName(file.FileName);
        }
        catch (DomainException ex)
        {
            return ServiceResult<Guid>.Fail("MaterialFile", ex.Code);
        }

        var detected = AttachmentTypes.Detect(data);
        var byExtension = AttachmentTypes.FromExtension(Path.GetExtension(name));
        if (data.Length == 0)
        {
            return ServiceResult<Guid>.Fail("MaterialFile", "Attachment.Empty");
        }

        if (detected is null || byExtension is null)
        {
            return ServiceResult<Guid>.Fail("MaterialFile", "Attachment.TypeNotAllowed");
        }

        if (detected != byExtension)
        {
            return ServiceResult<Guid>.Fail("MaterialFile", "Attachment.TypeMismatch");
        }

        var now = clock.GetUtcNow();
        var material = new EventMaterial
        {
            Id = Guid.CreateVersion7(),
            EventId = eventId,
            Title = title!.Trim(),
            FileName = name,
            Kind = detected.Value,
            SizeBytes = data.LongLength,
            Data = data,
            UploadedAt = now,
            UploadedByUserId = actor.UserId,
        };
        db.EventMaterials.Add(material);
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.MaterialAdded", "Event", eventId, now, name));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(material.Id);
    }

    public async Task<ServiceResult<Guid>> RemoveMaterialAsync(Actor actor, Guid eventId, Guid materialId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        var now = clock.GetUtcNow();
        var removed = await db.EventMaterials.Where(m => m.Id == materialId && m.EventId == eventId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        db.AuditEntries.Add(AuditEntry.For(actor, "Event.MaterialRemoved", "Event", eventId, now, materialId.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(materialId);
    }

    /// <summary>
    /// Adds <paramref name="count"/> consecutive slots of <paramref name="minutes"/> minutes from a KST start, within the
    /// event's time; a slot that already starts at the same time is skipped.
    /// </summary>
    public async Task<ServiceResult<int>> AddSlotsAsync(Actor actor, Guid eventId, DateTime? firstLocal, int? minutes, int? count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<int>.Fail("", "Events.NotFound");
        }

        var errors = new List<FieldError>();
        if (minutes is not (>= 10 and <= 180))
        {
            errors.Add(new FieldError("SlotMinutes", "Events.SlotMinutesRange", 10, 180));
        }

        if (count is not (>= 1 and <= 48))
        {
            errors.Add(new FieldError("SlotCount", "Events.SlotCountRange", 1, 48));
        }

        if (firstLocal is not { } first || first.Year is < 2000 or > 2100)
        {
            errors.Add(new FieldError("SlotStartLocal", "Events.DateInvalid"));
        }
        else if (errors.Count == 0)
        {
            var start = EventInputRules.FromKst(first);
            var end = start.AddMinutes(minutes!.Value * count!.Value);
            if (start < ev.StartsAt || end > ev.EndsAt)
            {
                errors.Add(new FieldError("SlotStartLocal", "Events.SlotsOutsideEvent"));
            }
        }

        if (errors.Count > 0)
        {
            return ServiceResult<int>.Fail(errors);
        }

        var existing = await db.EventMeetingSlots.Where(s => s.EventId == eventId).Select(s => new { s.StartsAt, s.EndsAt }).ToListAsync(cancellationToken);
        if (existing.Count + count!.Value > MaxSlotsPerEvent)
        {
            return ServiceResult<int>.Fail("SlotCount", "Events.TooManySlots", MaxSlotsPerEvent);
        }

        var now = clock.GetUtcNow();
        var added = 0;
        var from = EventInputRules.FromKst(firstLocal!.Value);
        for (var i = 0; i < count.Value; i++)
        {
            var slotStart = from.AddMinutes(minutes!.Value * i);
            var slotEnd = slotStart.AddMinutes(minutes.Value);
            if (existing.Any(s => s.StartsAt < slotEnd && slotStart < s.EndsAt))
            {
                continue;
            }

            db.EventMeetingSlots.Add(new EventMeetingSlot { Id = Guid.CreateVersion7(), EventId = eventId, StartsAt = slotStart, EndsAt = slotEnd });
            added++;
        }

        db.AuditEntries.Add(AuditEntry.For(actor, "Event.SlotsAdded", "Event", eventId, now, added.ToString(CultureInfo.InvariantCulture)));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<int>.Ok(added);
    }

    public async Task<ServiceResult<Guid>> RemoveSlotAsync(Actor actor, Guid eventId, Guid slotId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var slot = (await db.EventMeetingSlots.FromSql($"SELECT * FROM event_meeting_slots WHERE id = {slotId} AND event_id = {eventId} FOR UPDATE")
            .ToListAsync(cancellationToken)).FirstOrDefault();
        if (slot is null)
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        if (await db.EventMeetings.AnyAsync(m => m.SlotId == slotId && (m.Status == MeetingStatus.Requested || m.Status == MeetingStatus.Accepted), cancellationToken))
        {
            return ServiceResult<Guid>.Fail("", "Events.SlotHasMeetings");
        }

        db.EventMeetingSlots.Remove(slot);
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.SlotRemoved", "Event", eventId, clock.GetUtcNow(), slotId.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(slotId);
    }

    /// <summary>The organizer accepts or declines a requested meeting on the institution's behalf; the requester is told by e-mail.</summary>
    public async Task<ServiceResult<Guid>> DecideMeetingAsync(Actor actor, Guid eventId, Guid meetingId, bool accept, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        var errors = new List<FieldError>();
        EventInputRules.Text(errors, "DecisionNote", note, EventMeeting.TopicMaxLength, required: !accept, multiline: true);
        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        var meeting = await db.EventMeetings.SingleOrDefaultAsync(m => m.Id == meetingId && m.EventId == eventId, cancellationToken);
        if (meeting is null)
        {
            return ServiceResult<Guid>.Fail("", "Events.NotFound");
        }

        if (meeting.Status != MeetingStatus.Requested)
        {
            return ServiceResult<Guid>.Fail("", "Events.MeetingAlreadyDecided");
        }

        var now = clock.GetUtcNow();
        meeting.Status = accept ? MeetingStatus.Accepted : MeetingStatus.Declined;
        meeting.DecidedAt = now;
        meeting.DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        db.AuditEntries.Add(AuditEntry.For(actor, accept ? "Event.MeetingAccepted" : "Event.MeetingDeclined", "EventMeeting", meeting.Id, now));
        await mail.MeetingDecidedAsync(ev, meeting, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(meeting.Id);
    }

    /// <summary>Records who attended (registration ids in <paramref name="attended"/>; every other seat is recorded absent).</summary>
    public async Task<ServiceResult<int>> RecordAttendanceAsync(Actor actor, Guid eventId, IReadOnlyCollection<Guid> attended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(attended);
        var ev = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null || !EventAccess.MayManage(actor, ev))
        {
            return ServiceResult<int>.Fail("", "Events.NotFound");
        }

        var now = clock.GetUtcNow();
        if (ev.Status != EventStatus.Published || now < ev.StartsAt)
        {
            return ServiceResult<int>.Fail("", "Events.AttendanceBeforeStart");
        }

        var seats = await db.EventRegistrations.Where(r => r.EventId == eventId && r.Status == RegistrationStatus.Registered).ToListAsync(cancellationToken);
        if (attended.Any(id => seats.All(s => s.Id != id)))
        {
            return ServiceResult<int>.Fail("", "Events.NotFound");
        }

        foreach (var seat in seats)
        {
            seat.Attended = attended.Contains(seat.Id);
            seat.AttendanceRecordedAt = now;
        }

        var present = seats.Count(s => s.Attended == true);
        db.AuditEntries.Add(AuditEntry.For(actor, "Event.AttendanceRecorded", "Event", eventId, now,
            string.Create(CultureInfo.InvariantCulture, $"{present}/{seats.Count}")));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<int>.Ok(present);
    }

    private Task<ConsortiumEvent?> LockAsync(Guid eventId, CancellationToken cancellationToken) =>
        EventSeats.LockAsync(db, eventId, cancellationToken);

    private static void Apply(ConsortiumEvent ev, EventInput input, DateTimeOffset now)
    {
        ev.OrganizerCode = input.OrganizerCode!;
        ev.CoOrganizerCodes = [.. input.CoOrganizerCodes.Where(c => c != input.OrganizerCode).Distinct(StringComparer.Ordinal)];
        ev.Kind = input.Kind!.Value;
        ev.TitleKo = input.TitleKo!.Trim();
        ev.TitleEn = input.TitleEn!.Trim();
        ev.DescriptionKo = input.DescriptionKo?.Trim() ?? "";
        ev.DescriptionEn = input.DescriptionEn?.Trim() ?? "";
        ev.TopicCodes = [.. input.TopicCodes.Distinct(StringComparer.Ordinal)];
        ev.Format = input.Format!.Value;
        ev.Venue = ev.Format == EventFormat.Online || string.IsNullOrWhiteSpace(input.Venue) ? null : input.Venue.Trim();
        ev.OnlineUrl = ev.Format == EventFormat.OnSite || string.IsNullOrWhiteSpace(input.OnlineUrl) ? null : input.OnlineUrl.Trim();
        ev.StartsAt = EventInputRules.FromKst(input.StartsLocal!.Value).ToUniversalTime();
        ev.EndsAt = EventInputRules.FromKst(input.EndsLocal!.Value).ToUniversalTime();
        ev.RegistrationDeadline = EventInputRules.FromKst(input.DeadlineLocal!.Value).ToUniversalTime();
        ev.Capacity = input.Capacity!.Value;
        ev.UpdatedAt = now;
    }

    private void AddInstitutions(Guid eventId, IEnumerable<InstitutionLine> lines, int firstSort)
    {
        var sort = firstSort;
        foreach (var line in lines)
        {
            db.EventInstitutions.Add(new EventInstitution { Id = Guid.CreateVersion7(), EventId = eventId, Name = line.Name, CountryCode = line.CountryCode, SortOrder = sort++ });
        }
    }
}

/// <summary>Who may organize and manage events.</summary>
public static class EventAccess
{
    /// <summary>Agency admins manage every event; a coordinator those their institute organizes or co-organizes.</summary>
    public static bool MayManage(Actor actor, ConsortiumEvent ev)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ev);
        return actor.Side == ActorSide.Agency || (actor.Side == ActorSide.Institute && ev.IsOrganizedBy(actor.OrganizationCode));
    }

    /// <summary>A coordinator organizes for their own institute only; an admin for any organization.</summary>
    public static bool MayOrganizeFor(Actor actor, string? organizerCode)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Side == ActorSide.Agency || (actor.Side == ActorSide.Institute && organizerCode is not null && organizerCode == actor.OrganizationCode);
    }
}
