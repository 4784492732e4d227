using MailKit.Net.Smtp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CarbonNeutralConsortium.Services.Email;

/// <summary>Hands one message to the outside world.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>Development: every message becomes an .eml file a developer can open.</summary>
public sealed class PickupDirectoryMailTransport(IOptions<EmailOptions> options, IHostEnvironment environment) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var directory = Path.IsPathRooted(options.Value.PickupDirectory)
            ? options.Value.PickupDirectory
            : Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory);
        Directory.CreateDirectory(directory);
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{message.MessageId?.Split('@')[0] ?? Guid.NewGuid().ToString("N")}.eml";
        await message.WriteToAsync(Path.Combine(directory, name), cancellationToken);
    }
}
