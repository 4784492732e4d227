using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Events;

/// <summary>
/// Seats and the waitlist. Every change to who holds a seat first locks the event row (SELECT ... FOR UPDATE), so
/// registrations, cancellations and capacity changes of one event run one after another: the seat count is never
/// exceeded and the waitlist is promoted in order.
/// </summary>
internal static class EventSeats
{
    /// <summary>Locks the event row for the rest of the caller's transaction and returns it (tracked); null if it does not exist.</summary>
    public static async Task<ConsortiumEvent?> LockAsync(ConsortiumDbContext db, Guid eventId, CancellationToken cancellationToken)
    {
        // ToList, not First: EF would wrap the statement in a sub-select with a LIMIT around the locking clause.
        var found = await db.Events.FromSql($"SELECT * FROM events WHERE id = {eventId} FOR UPDATE").ToListAsync(cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// Gives free seats to the waitlist in order (earliest first) while the event has not started. Returns the promoted
    /// registrations (tracked, not yet saved). The caller holds the event's lock.
    /// </summary>
    public static async Task<List<EventRegistration>> PromoteAsync(ConsortiumDbContext db, ConsortiumEvent ev, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ev.Status != EventStatus.Published || now >= ev.StartsAt)
        {
            return [];
        }

        // Seats changed in this unit of work but not yet saved count as they now are.
        await db.SaveChangesAsync(cancellationToken);
        var seated = await db.EventRegistrations.CountAsync(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Registered, cancellationToken);
        var free = ev.Capacity - seated;
        if (free <= 0)
        {
            return [];
        }

        var next = await db.EventRegistrations
            .Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.QueuedAt).ThenBy(r => r.Id)
            .Take(free)
            .ToListAsync(cancellationToken);
        foreach (var registration in next)
        {
            registration.Status = RegistrationStatus.Registered;
            registration.PromotedAt = now;
        }

        return next;
    }
}
