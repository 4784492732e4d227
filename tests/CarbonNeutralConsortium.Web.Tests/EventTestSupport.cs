using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Events made through the real services, for tests about registration, meetings and reminders.</summary>
internal static class EventTestSupport
{
    public static readonly Actor Agency = new(null, "테스트 관리자", ActorSide.Agency, "KEIT");

    public static EventInput Input(string organizer = "KRICT", int capacity = 30, DateTime? startsLocal = null, string? institutions = null, string title = "CCU 기술협력 세미나") =>
        new(organizer, [], EventKind.Seminar, title, "CCU technology seminar", "메탄 CCU 공정 협력", "Methane CCU process cooperation",
            ["CCUS.METHANE"], EventFormat.Hybrid, "대전 KRICT 디딤돌플라자", "https://meet.example.org/ccu-2027",
            startsLocal ?? KoreaTime.ToKst(DateTimeOffset.UtcNow).DateTime.Date.AddDays(30).AddHours(14),
            (startsLocal ?? KoreaTime.ToKst(DateTimeOffset.UtcNow).DateTime.Date.AddDays(30).AddHours(14)).AddHours(4),
            (startsLocal ?? KoreaTime.ToKst(DateTimeOffset.UtcNow).DateTime.Date.AddDays(30).AddHours(14)).AddDays(-1),
            capacity, institutions ?? "University of Calgary | CA\nNorthwestern University | US");

    /// <summary>A published event (optionally with meeting slots: <paramref name="slots"/> of 30 minutes from the start).</summary>
    public static async Task<Guid> CreatePublishedAsync(PortalFactory portal, EventInput? input = null, int slots = 0)
    {
        input ??= Input();
        return await portal.WithServiceAsync(async sp =>
        {
            var service = sp.GetRequiredService<EventService>();
            var created = await service.CreateAsync(Agency, input, CancellationToken.None);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Field + ":" + e.Code)));
            var id = created.Value;
            Assert.True((await service.PublishAsync(Agency, id, CancellationToken.None)).Succeeded);
            if (slots > 0)
            {
                var added = await service.AddSlotsAsync(Agency, id, input.StartsLocal, 30, slots, CancellationToken.None);
                Assert.True(added.Succeeded, string.Join(", ", added.Errors.Select(e => e.Field + ":" + e.Code)));
            }

            return id;
        });
    }

    /// <summary>Moves an event (and its slots) so that it started an hour ago, as if time had passed.</summary>
    public static Task MakeStartedAsync(PortalFactory portal, Guid eventId) =>
        portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE events SET registration_deadline = now() - interval '2 hours', starts_at = now() - interval '1 hour', ends_at = now() + interval '2 hours' WHERE id = {eventId}");
            return 0;
        });

    public static Task<List<EventRegistration>> RegistrationsAsync(PortalFactory portal, Guid eventId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EventRegistrations.AsNoTracking()
            .Where(r => r.EventId == eventId).OrderBy(r => r.QueuedAt).ToListAsync());

    public static Task<List<EventMeeting>> MeetingsAsync(PortalFactory portal, Guid eventId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EventMeetings.AsNoTracking()
            .Where(m => m.EventId == eventId).ToListAsync());

    public static Task<(Guid SlotId, Guid InstitutionId)[]> SlotsAndInstitutionsAsync(PortalFactory portal, Guid eventId) =>
        portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var slots = await db.EventMeetingSlots.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync();
            var institutions = await db.EventInstitutions.AsNoTracking().Where(i => i.EventId == eventId).OrderBy(i => i.SortOrder).Select(i => i.Id).ToListAsync();
            return slots.SelectMany(s => institutions.Select(i => (s, i))).ToArray();
        });
}
