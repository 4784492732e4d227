using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Email;

public enum EmailDelivery
{
    /// <summary>Send over SMTP (MailKit) to <see cref="EmailOptions.Smtp"/>.</summary>
    Smtp,

    /// <summary>Write each message as an .eml file into <see cref="EmailOptions.PickupDirectory"/> (Development).</summary>
    PickupDirectory,
}

/// <summary>Configuration section "Email".</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailDelivery Delivery { get; set; } = EmailDelivery.Smtp;

    [Required]
    [EmailAddress]
    public string FromAddress { get; set; } = "no-reply@localhost";

    public string FromName { get; set; } = "글로벌 기술협력 협의체 포털";

    public string PickupDirectory { get; set; } = "App_Data/mail";

    /// <summary>Absolute base URL used in links of e-mails sent outside a web request (CLI).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>How often the dispatcher looks for messages to send.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
