namespace CarbonNeutralConsortium.Services.Email;

/// <summary>
/// An e-mail waiting to be sent, written in the same transaction as the change it reports. The dispatcher
/// claims rows with FOR UPDATE SKIP LOCKED, so several app instances never send one message twice at once.
/// </summary>
public sealed class EmailOutboxMessage
{
    public const int MaxAttempts = 10;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string ToAddress { get; set; } = "";

    public string? ToName { get; set; }

    public string Subject { get; set; } = "";

    public string TextBody { get; set; } = "";

    public string HtmlBody { get; set; } = "";

    /// <summary>Why it was sent (PasswordReset, StaffInvitation, ...): for the operator, never shown to users.</summary>
    public string Kind { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when <see cref="MaxAttempts"/> failed: the message is not tried again.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    public string? LastError { get; set; }
}
