using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Companies;

/// <summary>What a consent covers (Korea's PIPA asks for a separate consent to transfer abroad).</summary>
public enum ConsentKind
{
    /// <summary>Collection and use of the contact details for the consortium's support.</summary>
    Collection,

    /// <summary>Provision of the contact details to an overseas partner (transfer abroad).</summary>
    OverseasTransfer,
}

/// <summary>
/// A person a company names as contact for its requests. Personal data: kept only with a recorded consent.
/// </summary>
public sealed class ContactPerson
{
    public const int NameMaxLength = 100;
    public const int TextMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 30;

    private readonly List<ContactConsent> _consents = [];

    private ContactPerson() { }

    public Guid Id { get; private set; }

    public Guid CompanyId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Department { get; private set; }

    public string? Position { get; private set; }

    public string Email { get; private set; } = "";

    public string? Phone { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Set when the person was removed: personal fields are blanked, the consent history stays.</summary>
    public DateTimeOffset? RemovedAt { get; private set; }

    public uint Version { get; private set; }

    public IReadOnlyCollection<ContactConsent> Consents => _consents;

    public static ContactPerson Create(Guid companyId, string name, string? department, string? position, string email, string? phone,
        ConsentNotice collectionNotice, Actor recordedBy, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var person = new ContactPerson { Id = Guid.CreateVersion7(), CompanyId = companyId, CreatedAt = now };
        person.Update(name, department, position, email, phone, clock);
        person.RecordConsent(collectionNotice, true, recordedBy, clock);
        return person;
    }

    public void Update(string name, string? department, string? position, string email, string? phone, TimeProvider clock)
    {
        if (RemovedAt is not null)
        {
            throw new DomainException("Contact.Removed");
        }

        Name = Require(name, NameMaxLength, "Contact.NameRequired");
        Email = Require(email, EmailMaxLength, "Contact.EmailRequired");
        Department = Optional(department, TextMaxLength);
        Position = Optional(position, TextMaxLength);
        Phone = Optional(phone, PhoneMaxLength);
        UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>Records a consent given or refused (or withdrawn: given = false after a grant), with the notice shown.</summary>
    public ContactConsent RecordConsent(ConsentNotice notice, bool granted, Actor recordedBy, TimeProvider clock)
    {
        if (RemovedAt is not null)
        {
            throw new DomainException("Contact.Removed");
        }

        if (notice.Kind == ConsentKind.OverseasTransfer && granted && !HasConsent(ConsentKind.Collection))
        {
            throw new DomainException("Contact.CollectionConsentFirst");
        }

        var consent = new ContactConsent(Id, notice, granted, recordedBy, clock.GetUtcNow());
        _consents.Add(consent);
        return consent;
    }

    /// <summary>The latest record of a kind decides: a later refusal withdraws an earlier grant.</summary>
    public bool HasConsent(ConsentKind kind) =>
        RemovedAt is null && _consents.Select((c, i) => (c, i)).Where(x => x.c.Kind == kind)
            .OrderBy(x => x.c.RecordedAt).ThenBy(x => x.i).LastOrDefault().c?.Granted == true;

    public void Remove(TimeProvider clock)
    {
        Name = "";
        Department = null;
        Position = null;
        Email = "";
        Phone = null;
        RemovedAt = clock.GetUtcNow();
    }

    private static string Require(string? value, int max, string code)
    {
        var trimmed = (value ?? "").Trim();
        if (trimmed.Length == 0)
        {
            throw new DomainException(code);
        }

        return trimmed.Length > max ? throw new DomainException("Contact.TooLong") : trimmed;
    }

    private static string? Optional(string? value, int max)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.Length > max ? throw new DomainException("Contact.TooLong") : trimmed;
    }
}

/// <summary>The notice a person was shown before consenting: the exact texts and their version.</summary>
public sealed record ConsentNotice(ConsentKind Kind, string TextVersion, string Purpose, string Items, string Retention, string RightToRefuse, string Culture);

/// <summary>One consent decision, never changed afterwards (a withdrawal is a new record).</summary>
public sealed class ContactConsent
{
    private ContactConsent() { }

    internal ContactConsent(Guid contactPersonId, ConsentNotice notice, bool granted, Actor recordedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ContactPersonId = contactPersonId;
        Kind = notice.Kind;
        Granted = granted;
        TextVersion = notice.TextVersion;
        Purpose = notice.Purpose;
        Items = notice.Items;
        Retention = notice.Retention;
        RightToRefuse = notice.RightToRefuse;
        Culture = notice.Culture;
        RecordedByUserId = recordedBy.UserId;
        RecordedByName = recordedBy.Name;
        RecordedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid ContactPersonId { get; private set; }

    public ConsentKind Kind { get; private set; }

    public bool Granted { get; private set; }

    public string TextVersion { get; private set; } = "";

    public string Purpose { get; private set; } = "";

    public string Items { get; private set; } = "";

    public string Retention { get; private set; } = "";

    public string RightToRefuse { get; private set; } = "";

    /// <summary>The language the notice was shown in.</summary>
    public string Culture { get; private set; } = "ko";

    public Guid? RecordedByUserId { get; private set; }

    public string RecordedByName { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }
}
