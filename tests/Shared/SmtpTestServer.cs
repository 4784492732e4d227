using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CarbonNeutralConsortium.Testing;

/// <summary>A real SMTP server in the test process (SmtpServer), on a free loopback port; keeps what it receives.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public SmtpTestServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => _messages.ToArray();

    /// <summary>Waits until a message matching the predicate has arrived (the outbox worker sends asynchronously).</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = _messages.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching e-mail arrived; {_messages.Count} other(s) did: " +
                    string.Join(" | ", _messages.Select(m => $"{m.To} {m.Subject}")));
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public Task<MimeMessage> WaitForToAsync(string address, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)), timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _arrived.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            owner._messages.Enqueue(message);
            owner._arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
