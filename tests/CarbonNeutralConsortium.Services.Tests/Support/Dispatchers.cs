using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CarbonNeutralConsortium.Services.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Tests.Support;

internal static class Dispatchers
{
    /// <summary>Settings that send over plain SMTP to 127.0.0.1:port.</summary>
    public static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Email:Delivery"] = "Smtp",
        ["Email:FromAddress"] = "no-reply@consortium.test",
        ["Email:FromName"] = "협의체 포털",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Smtp:Timeout"] = "00:00:20",
    };

    /// <summary>The dispatcher as the host would build it, without starting its loop.</summary>
    public static OutboxDispatcher Create(IServiceProvider provider) => new(
        provider.GetRequiredService<IServiceScopeFactory>(),
        provider.GetRequiredService<IMailTransport>(),
        provider.GetRequiredService<IOptions<EmailOptions>>(),
        provider.GetRequiredService<TimeProvider>(),
        provider.GetRequiredService<ILogger<OutboxDispatcher>>());

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
