using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>
/// Everything the portal holds about one person, as JSON (PIPA: the data subject's right of access and
/// portability): their account, their company membership, the contact-person records and consents that carry their
/// e-mail address, their event registrations and meeting requests, their notifications, and what they did (the audit
/// entries where they are the actor). Each export is itself audited. Secrets are never included: no password hash, security stamp, authenticator
/// key or recovery codes. Read-only, no tracking, one query per section.
/// </summary>
public sealed class PersonalDataExport(ConsortiumDbContext db, UserManager<PortalUser> users)
{
    public const string FormatVersion = "1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<byte[]> ExportAsync(Guid userId, Domain.Common.Actor actor, DateTimeOffset exportedAt, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        var roles = await users.GetRolesAsync(user);
        var email = user.Email ?? "";
        var company = user.CompanyId is { } companyId
            ? await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => new { c.Id, c.NameKo, c.NameEn }).SingleOrDefaultAsync(cancellationToken)
            : null;
        var lowerEmail = email.ToLowerInvariant();
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison has no translation
        var contacts = await db.ContactPersons.AsNoTracking()
            .Where(c => c.Email.ToLower() == lowerEmail)
#pragma warning restore CA1862
            .Select(c => new
            {
                c.Id, c.CompanyId, c.Name, c.Department, c.Position, c.Email, c.Phone, c.CreatedAt, c.UpdatedAt, c.RemovedAt,
                Consents = db.ContactConsents.Where(k => k.ContactPersonId == c.Id).OrderBy(k => k.RecordedAt)
                    .Select(k => new { k.Kind, k.Granted, k.TextVersion, k.Purpose, k.Items, k.Retention, k.RightToRefuse, k.Culture, k.RecordedAt }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var registrations = await db.EventRegistrations.AsNoTracking().Where(r => r.UserId == userId)
            .Join(db.Events, r => r.EventId, e => e.Id, (r, e) => new { r.EventId, e.TitleKo, e.TitleEn, r.Status })
            .ToListAsync(cancellationToken);
        var meetings = await db.EventMeetings.AsNoTracking().Where(m => m.RequesterUserId == userId).CountAsync(cancellationToken);
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderBy(n => n.CreatedAt)
            .Select(n => new { n.Kind, n.Reference, n.Subject, n.Status, n.CreatedAt, n.ReadAt })
            .ToListAsync(cancellationToken);
        var actions = await db.AuditEntries.AsNoTracking().Where(a => a.ActorUserId == userId).OrderBy(a => a.At)
            .Select(a => new { a.At, a.Action, a.EntityType, a.EntityId })
            .ToListAsync(cancellationToken);

        // Staff looks at this person's data: their account, the companies whose contact they are, the events they registered for.
        var subjects = new List<Guid> { userId };
        subjects.AddRange(contacts.Select(c => c.CompanyId).Distinct());
        subjects.AddRange(registrations.Select(r => r.EventId));
        var accesses = await db.PersonalDataViews.AsNoTracking().Where(v => subjects.Contains(v.SubjectId)).OrderBy(v => v.At)
            .Select(v => new { v.At, institution = v.ViewerOrganizationCode, purpose = v.Purpose, v.SubjectType, records = v.Records })
            .ToListAsync(cancellationToken);

        var document = new
        {
            formatVersion = FormatVersion,
            exportedAt,
            account = new
            {
                user.Id, user.Email, user.DisplayName, user.PhoneNumber, user.PreferredCulture, user.CreatedAt,
                user.PrivacyConsentAt, user.PrivacyConsentVersion, user.IsActive, user.TwoFactorEnabled, user.OrganizationCode, user.LastSignInAt,
                roles,
            },
            company,
            contactPersonRecords = contacts,
            eventRegistrations = registrations,
            meetingRequests = meetings,
            notifications,
            actions,
            accessesByStaff = accesses,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(document, Json);

        // Who took a copy of whose personal data, and when (never the data itself).
        db.AuditEntries.Add(Audit.AuditEntry.For(actor, "Account.PersonalDataExported", nameof(PortalUser), userId, exportedAt));
        await db.SaveChangesAsync(cancellationToken);
        return json;
    }
}
