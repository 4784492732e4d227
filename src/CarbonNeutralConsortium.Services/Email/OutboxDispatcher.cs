using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CarbonNeutralConsortium.Services.Email;

/// <summary>
/// Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED inside a transaction, so two app
/// instances never work on the same message; failures are retried with exponential back-off.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogBatchFailed(logger, ex);
            }

            if (handled < BatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends one batch of due messages; returns how many were handled (sent or failed).</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var batch = await db.EmailOutbox
            .FromSql($"""
                SELECT * FROM email_outbox
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        foreach (var message in batch)
        {
            try
            {
                await transport.SendAsync(ToMime(message), cancellationToken);
                message.SentAt = clock.GetUtcNow();
                LogSent(logger, message.Id, message.Kind);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
                if (message.Attempts >= EmailOutboxMessage.MaxAttempts)
                {
                    message.FailedAt = clock.GetUtcNow();
                }
                else
                {
                    message.NextAttemptAt = clock.GetUtcNow().AddSeconds(Math.Min(3600, 5 * Math.Pow(2, message.Attempts)));
                }

                LogSendFailed(logger, ex, message.Id, message.Kind, message.Attempts);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private MimeMessage ToMime(EmailOutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(options.Value.FromName, options.Value.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.ToAddress));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id:N}@{options.Value.FromAddress.Split('@').Last()}";
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {MessageId} ({Kind}) sent")]
    private static partial void LogSent(ILogger logger, Guid messageId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {MessageId} ({Kind}) failed, attempt {Attempt}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid messageId, string kind, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox batch failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception);
}
