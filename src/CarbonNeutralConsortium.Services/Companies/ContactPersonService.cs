using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Companies;

/// <summary>A contact person's details as a form sends them.</summary>
public sealed record ContactInput(string? Name, string? Department, string? Position, string? Email, string? Phone);

/// <summary>One consent decision as the list shows it.</summary>
public sealed record ConsentState(bool Granted, DateTimeOffset RecordedAt, string TextVersion);

public sealed record ContactListItem(Guid Id, string Name, string? Department, string? Position, string Email, string? Phone,
    ConsentState? Collection, ConsentState? Transfer);

public sealed record ContactEditView(Guid Id, string Name, string? Department, string? Position, string Email, string? Phone,
    ConsentState? Collection, ConsentState? Transfer, uint Version);

/// <summary>
/// Contact persons of a company with their consent records (Korea's PIPA): collection consent to add a person,
/// a separate, optional consent to transfer their details abroad; every decision recorded with the texts shown.
/// Always scoped to the caller's company: another company's person is "not found".
/// </summary>
public sealed class ContactPersonService(ConsortiumDbContext db, TimeProvider clock)
{
    public const string ConflictCode = "Contact.Conflict";

    /// <summary>Tries when only a concurrent change of a request (not of the person) got in the way.</summary>
    private const int MaxAttempts = 3;

    public async Task<IReadOnlyList<ContactListItem>> ListAsync(Guid companyId, CancellationToken cancellationToken = default) =>
        await db.ContactPersons.AsNoTracking()
            .Where(p => p.CompanyId == companyId && p.RemovedAt == null)
            .OrderBy(p => p.Name)
            .Select(p => new ContactListItem(p.Id, p.Name, p.Department, p.Position, p.Email, p.Phone,
                p.Consents.Where(c => c.Kind == ConsentKind.Collection).OrderByDescending(c => c.RecordedAt)
                    .Select(c => new ConsentState(c.Granted, c.RecordedAt, c.TextVersion)).FirstOrDefault(),
                p.Consents.Where(c => c.Kind == ConsentKind.OverseasTransfer).OrderByDescending(c => c.RecordedAt)
                    .Select(c => new ConsentState(c.Granted, c.RecordedAt, c.TextVersion)).FirstOrDefault()))
            .ToListAsync(cancellationToken);

    public Task<ContactEditView?> GetAsync(Guid companyId, Guid id, CancellationToken cancellationToken = default) =>
        db.ContactPersons.AsNoTracking()
            .Where(p => p.Id == id && p.CompanyId == companyId && p.RemovedAt == null)
            .Select(p => new ContactEditView(p.Id, p.Name, p.Department, p.Position, p.Email, p.Phone,
                p.Consents.Where(c => c.Kind == ConsentKind.Collection).OrderByDescending(c => c.RecordedAt)
                    .Select(c => new ConsentState(c.Granted, c.RecordedAt, c.TextVersion)).FirstOrDefault(),
                p.Consents.Where(c => c.Kind == ConsentKind.OverseasTransfer).OrderByDescending(c => c.RecordedAt)
                    .Select(c => new ConsentState(c.Granted, c.RecordedAt, c.TextVersion)).FirstOrDefault(),
                p.Version))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Adds a person; the collection consent is required, the transfer decision is recorded either way.</summary>
    public async Task<ServiceResult<Guid>> CreateAsync(Guid companyId, Actor actor, ContactInput input, bool collectionConsent, bool transferConsent,
        ConsentNotice collectionNotice, ConsentNotice transferNotice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        if (!collectionConsent)
        {
            errors.Add(new FieldError("CollectionConsent", "Contact.CollectionConsentRequired"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<Guid>.Fail(errors);
        }

        try
        {
            var person = ContactPerson.Create(companyId, input.Name!, input.Department, input.Position, input.Email!, input.Phone, collectionNotice, actor, clock);
            person.RecordConsent(transferNotice, transferConsent, actor, clock);
            db.ContactPersons.Add(person);
            db.AuditEntries.Add(AuditEntry.For(actor, "Contact.Created", nameof(ContactPerson), person.Id, clock.GetUtcNow(),
                transferConsent ? "collection and transfer consent" : "collection consent"));
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<Guid>.Ok(person.Id);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<Guid>.Fail([ErrorOf(ex.Code)]);
        }
    }

    /// <summary>
    /// Changes the details; a changed transfer decision is recorded (a grant, or a refusal that withdraws it). Without
    /// the transfer consent, the company's open requests naming the person stop sharing their details abroad, in the
    /// same save. Null when the person is not one of the company's.
    /// </summary>
    public async Task<ServiceResult<Guid>?> UpdateAsync(Guid companyId, Guid id, uint version, Actor actor, ContactInput input, bool transferConsent,
        ConsentNotice transferNotice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        for (var attempt = 1; ; attempt++)
        {
            var person = await db.ContactPersons.Include(p => p.Consents)
                .SingleOrDefaultAsync(p => p.Id == id && p.CompanyId == companyId && p.RemovedAt == null, cancellationToken);
            if (person is null)
            {
                return null;
            }

            var errors = Validate(input);
            if (errors.Count > 0)
            {
                return ServiceResult<Guid>.Fail(errors);
            }

            db.Entry(person).Property(p => p.Version).OriginalValue = version;
            try
            {
                person.Update(input.Name!, input.Department, input.Position, input.Email!, input.Phone, clock);
                if (person.HasConsent(ConsentKind.OverseasTransfer) != transferConsent)
                {
                    person.RecordConsent(transferNotice, transferConsent, actor, clock);
                }

                if (!transferConsent)
                {
                    await StopSharingAbroadAsync(companyId, person.Id, actor, cancellationToken);
                }
            }
            catch (DomainException ex)
            {
                db.ChangeTracker.Clear();
                return ServiceResult<Guid>.Fail([ErrorOf(ex.Code)]);
            }

            db.AuditEntries.Add(AuditEntry.For(actor, "Contact.Updated", nameof(ContactPerson), person.Id, clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ServiceResult<Guid>.Ok(person.Id);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                db.ChangeTracker.Clear();
                // The person changed since the form was opened: a conflict for the user. Only a request that changed
                // in between (a coordinator moved it): try again against its current state.
                if (ex.Entries.Any(e => e.Entity is ContactPerson) || attempt >= MaxAttempts)
                {
                    return ServiceResult<Guid>.Fail("", ConflictCode);
                }
            }
        }
    }

    /// <summary>
    /// Withdraws the consent to transfer abroad (records a refusal) and stops the sharing on the company's open requests
    /// that name the person, in the same save. Null when the person is not the company's.
    /// </summary>
    public async Task<ServiceResult<Guid>?> WithdrawTransferAsync(Guid companyId, Guid id, Actor actor, ConsentNotice transferNotice, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var person = await db.ContactPersons.Include(p => p.Consents)
                .SingleOrDefaultAsync(p => p.Id == id && p.CompanyId == companyId && p.RemovedAt == null, cancellationToken);
            if (person is null)
            {
                return null;
            }

            if (person.HasConsent(ConsentKind.OverseasTransfer))
            {
                person.RecordConsent(transferNotice, false, actor, clock);
                db.AuditEntries.Add(AuditEntry.For(actor, "Contact.TransferConsentWithdrawn", nameof(ContactPerson), person.Id, clock.GetUtcNow()));
            }

            await StopSharingAbroadAsync(companyId, person.Id, actor, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ServiceResult<Guid>.Ok(person.Id);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone saved the person or one of the requests in between: withdraw again against what is saved now.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>True when the company has this (not removed) contact person.</summary>
    public Task<bool> ExistsAsync(Guid companyId, Guid id, CancellationToken cancellationToken = default) =>
        db.ContactPersons.AsNoTracking().AnyAsync(p => p.Id == id && p.CompanyId == companyId && p.RemovedAt == null, cancellationToken);

    /// <summary>
    /// Removes a person: personal fields blanked, consent history kept. Refused while a request that is not
    /// finished names the person. Null when the person is not the company's.
    /// </summary>
    public async Task<ServiceResult<Guid>?> RemoveAsync(Guid companyId, Guid id, Actor actor, CancellationToken cancellationToken = default)
    {
        var person = await db.ContactPersons.SingleOrDefaultAsync(p => p.Id == id && p.CompanyId == companyId && p.RemovedAt == null, cancellationToken);
        if (person is null)
        {
            return null;
        }

        var terminal = RequestStatuses.Terminal.ToList();
        if (await db.Requests.AnyAsync(r => r.CompanyId == companyId && r.ContactPersonId == id && !terminal.Contains(r.Status), cancellationToken))
        {
            return ServiceResult<Guid>.Fail("", "Contact.InUse");
        }

        person.Remove(clock);
        db.AuditEntries.Add(AuditEntry.For(actor, "Contact.Removed", nameof(ContactPerson), person.Id, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(person.Id);
    }

    /// <summary>
    /// The person refused or withdrew the transfer abroad (PIPA): every request of the company that is not finished and
    /// names them stops sharing their details, in the same SaveChanges as the refusal, one audit row per request.
    /// Finished requests are history and stay as they were.
    /// </summary>
    private async Task StopSharingAbroadAsync(Guid companyId, Guid personId, Actor actor, CancellationToken cancellationToken)
    {
        var terminal = RequestStatuses.Terminal.ToList();
        var requests = await db.Requests
            .Where(r => r.CompanyId == companyId && r.ContactPersonId == personId && r.ShareContactAbroad && !terminal.Contains(r.Status))
            .ToListAsync(cancellationToken);
        foreach (var request in requests)
        {
            request.StopSharingContactAbroad(clock);
            db.AuditEntries.Add(AuditEntry.For(actor, "Request.ContactSharingStopped", nameof(PartnershipRequest), request.Id, clock.GetUtcNow(),
                "transfer consent of the contact person withdrawn"));
        }
    }

    private static List<FieldError> Validate(ContactInput input)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new FieldError(nameof(input.Name), "Contact.NameRequired"));
        }
        else if (name.Length > ContactPerson.NameMaxLength)
        {
            errors.Add(new FieldError(nameof(input.Name), "Contact.TooLong", ContactPerson.NameMaxLength));
        }

        var email = input.Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            errors.Add(new FieldError(nameof(input.Email), "Contact.EmailRequired"));
        }
        else if (email.Length > ContactPerson.EmailMaxLength || !CompanyInvitationService.IsPlainAddress(email))
        {
            errors.Add(new FieldError(nameof(input.Email), "Account.InvalidEmail"));
        }

        AddIfTooLong(errors, nameof(input.Department), input.Department, ContactPerson.TextMaxLength);
        AddIfTooLong(errors, nameof(input.Position), input.Position, ContactPerson.TextMaxLength);
        AddIfTooLong(errors, nameof(input.Phone), input.Phone, ContactPerson.PhoneMaxLength);
        if (input.Phone?.Trim() is { Length: > 0 } phone && !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))
        {
            errors.Add(new FieldError(nameof(input.Phone), "Contact.PhoneInvalid"));
        }

        return errors;
    }

    private static void AddIfTooLong(List<FieldError> errors, string field, string? value, int max)
    {
        if (value?.Trim().Length > max)
        {
            errors.Add(new FieldError(field, "Contact.TooLong", max));
        }
    }

    private static FieldError ErrorOf(string code) => code switch
    {
        "Contact.NameRequired" => new(nameof(ContactInput.Name), code),
        "Contact.EmailRequired" => new(nameof(ContactInput.Email), code),
        "Contact.CollectionConsentFirst" => new("TransferConsent", code),
        "Contact.TooLong" => new("", "Contact.Invalid"),
        _ => new("", "Contact.Invalid"),
    };
}
