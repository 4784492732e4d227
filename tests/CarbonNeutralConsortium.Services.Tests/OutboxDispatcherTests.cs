using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>
/// The outbox dispatcher against a real SMTP server. Every test leaves no message due in the outbox, so a test
/// can count what one batch handles.
/// </summary>
public class OutboxDispatcherTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static EmailOutboxMessage NewMessage(string to, string subject, string body, DateTimeOffset due) => new()
    {
        ToAddress = to,
        ToName = "받는 사람",
        Subject = subject,
        TextBody = body,
        HtmlBody = "<p>" + body + "</p>",
        Kind = "Test",
        CreatedAt = due,
        NextAttemptAt = due,
    };

    private static Task<int> QueueAsync(IServiceProvider provider, params EmailOutboxMessage[] messages) =>
        provider.InScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.EmailOutbox.AddRange(messages);
            return db.SaveChangesAsync();
        });

    private static Task<EmailOutboxMessage> ReloadAsync(IServiceProvider provider, Guid id) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task Due_messages_are_sent_over_SMTP_and_marked_sent_and_a_second_batch_sends_nothing_again()
    {
        await using var smtp = new SmtpTestServer();
        await using var provider = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(smtp.Port));
        var now = DateTimeOffset.UtcNow;
        var korean = NewMessage(TestServices.NewEmail("ko"), "[협의체] 한글 제목", "안녕하세요.\n두 번째 줄입니다.", now.AddMinutes(-1));
        var english = NewMessage(TestServices.NewEmail("en"), "[Council] English subject", "Hello.\nSecond line.", now.AddSeconds(-1));
        await QueueAsync(provider, korean, english);
        using var dispatcher = Dispatchers.Create(provider);

        var handled = await dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(2, handled);
        foreach (var queued in new[] { korean, english })
        {
            var received = await smtp.WaitForToAsync(queued.ToAddress);
            Assert.Equal(queued.ToAddress, Assert.Single(received.To.Mailboxes).Address);
            Assert.Equal("받는 사람", received.To.Mailboxes.Single().Name);
            Assert.Equal("no-reply@consortium.test", Assert.Single(received.From.Mailboxes).Address);
            Assert.Equal(queued.Subject, received.Subject);
            Assert.NotNull(received.TextBody);
            Assert.Equal(queued.TextBody, received.TextBody.ReplaceLineEndings("\n").TrimEnd('\n'));
            Assert.Contains(queued.TextBody.Split('\n')[0], received.HtmlBody, StringComparison.Ordinal);

            var stored = await ReloadAsync(provider, queued.Id);
            Assert.NotNull(stored.SentAt);
            Assert.True(stored.SentAt >= now.AddSeconds(-5), $"SentAt {stored.SentAt:O} is before the batch ran ({now:O})");
            Assert.Equal(0, stored.Attempts);
            Assert.Null(stored.LastError);
            Assert.Null(stored.FailedAt);
        }

        var again = await dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(0, again);
        Assert.Single(smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == korean.ToAddress));
        Assert.Single(smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == english.ToAddress));
        Assert.Equal(2, smtp.Messages.Count);
    }

    [Fact]
    public async Task Two_dispatchers_working_at_once_send_each_message_exactly_once()
    {
        await using var smtp = new SmtpTestServer();
        await using var first = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(smtp.Port));
        await using var second = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(smtp.Port));
        var messages = Enumerable.Range(0, 30)
            .Select(i => NewMessage(TestServices.NewEmail("batch" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Batch", "One of many.", DateTimeOffset.UtcNow.AddMinutes(-1)))
            .ToArray();
        await QueueAsync(first, messages);
        using var one = Dispatchers.Create(first);
        using var two = Dispatchers.Create(second);

        // Two app instances: each takes batches until nothing is left.
        async Task<int> DrainAsync(OutboxDispatcher dispatcher)
        {
            var total = 0;
            int handled;
            while ((handled = await dispatcher.DispatchBatchAsync(CancellationToken.None)) > 0)
            {
                total += handled;
            }

            return total;
        }

        var handledByEach = await Task.WhenAll(DrainAsync(one), DrainAsync(two));

        Assert.Equal(messages.Length, handledByEach.Sum());
        Assert.Equal(messages.Length, smtp.Messages.Count);
        Assert.Equal(
            messages.Select(m => m.ToAddress).Order(StringComparer.Ordinal),
            smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        foreach (var message in messages)
        {
            Assert.NotNull((await ReloadAsync(first, message.Id)).SentAt);
        }
    }

    [Fact]
    public async Task After_a_crash_between_commit_and_send_a_new_instance_delivers_each_message_once_under_its_stable_message_id()
    {
        await using var smtp = new SmtpTestServer();
        var messages = Enumerable.Range(0, 12)
            .Select(i => NewMessage(TestServices.NewEmail("crash" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Crash", "Committed, not sent.", DateTimeOffset.UtcNow.AddMinutes(-1)))
            .ToArray();

        // The instance that committed the messages dies before its dispatcher ran.
        await using (var crashed = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(smtp.Port)))
        {
            await QueueAsync(crashed, messages);
        }

        Assert.Empty(smtp.Messages);
        await using var restarted = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(smtp.Port));
        using var dispatcher = Dispatchers.Create(restarted);
        while (await dispatcher.DispatchBatchAsync(CancellationToken.None) > 0)
        {
        }

        var ids = messages.Select(m => m.Id).ToHashSet();
        var delivered = smtp.Messages.Where(m => ids.Any(id => (m.MessageId ?? "").StartsWith(id.ToString("N"), StringComparison.Ordinal))).ToList();
        Assert.Equal(messages.Length, delivered.Count);
        Assert.Equal(messages.Length, delivered.Select(m => m.MessageId).Distinct().Count());

        // A crash after the SMTP server accepted a message but before it was marked sent sends it again: SMTP has no
        // exactly-once, so the copy carries the same Message-ID, by which a receiving system recognises it.
        var lost = messages[0];
        await restarted.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Database
            .ExecuteSqlAsync($"UPDATE email_outbox SET sent_at = NULL WHERE id = {lost.Id}"));
        while (await dispatcher.DispatchBatchAsync(CancellationToken.None) > 0)
        {
        }

        var copies = smtp.Messages.Where(m => (m.MessageId ?? "").StartsWith(lost.Id.ToString("N"), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, copies.Count);
        Assert.Single(copies.Select(m => m.MessageId).Distinct());
        Assert.Equal(messages.Length + 1, smtp.Messages.Count(m => ids.Any(id => (m.MessageId ?? "").StartsWith(id.ToString("N"), StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_message_that_is_not_due_yet_is_left_in_the_outbox()
    {
        await using var smtp = new SmtpTestServer();
        await using var provider = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(smtp.Port));
        var later = NewMessage(TestServices.NewEmail("later"), "Later", "Not yet.", DateTimeOffset.UtcNow.AddHours(1));
        await QueueAsync(provider, later);
        using var dispatcher = Dispatchers.Create(provider);

        var handled = await dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(0, handled);
        Assert.Empty(smtp.Messages);
        var stored = await ReloadAsync(provider, later.Id);
        Assert.Null(stored.SentAt);
        Assert.Equal(0, stored.Attempts);
    }

    [Fact]
    public async Task The_welcome_mail_of_a_registration_reaches_the_new_member_in_their_language()
    {
        await using var smtp = new SmtpTestServer();
        await using var provider = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(smtp.Port));
        var email = TestServices.NewEmail("welcome");
        var registered = await provider.InScopeAsync(sp => sp.GetRequiredService<SmeRegistrationService>().RegisterAsync(
            new SmeRegistration("환영테스트(주)", "Welcome Test Ltd.", BusinessNumbers.NewValid(), CompanySize.Small, "ELECTRONICS", "Jane Doe", email, "plum-orbit-lantern-2026", true, "en")));
        Assert.True(registered.Succeeded);
        using var dispatcher = Dispatchers.Create(provider);

        Assert.Equal(1, await dispatcher.DispatchBatchAsync(CancellationToken.None));

        var received = await smtp.WaitForToAsync(email);
        Assert.Equal("[Global Technology Cooperation Council] Welcome", received.Subject);
        Assert.Contains("Welcome Test Ltd.", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://portal.test/", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://portal.test/\">", received.HtmlBody, StringComparison.Ordinal);
    }
}

/// <summary>The dispatcher when the SMTP server cannot be reached. Own database: failed rows come due again later.</summary>
public class OutboxDispatcherFailureTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static EmailOutboxMessage NewMessage(int attempts = 0) => new()
    {
        ToAddress = TestServices.NewEmail("unreachable"),
        Subject = "Unreachable",
        TextBody = "This cannot be delivered.",
        HtmlBody = "<p>This cannot be delivered.</p>",
        Kind = "Test",
        CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        Attempts = attempts,
    };

    private static async Task<EmailOutboxMessage> QueueAsync(IServiceProvider provider, EmailOutboxMessage message)
    {
        await provider.InScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.EmailOutbox.Add(message);
            return db.SaveChangesAsync();
        });
        return message;
    }

    private static Task<EmailOutboxMessage> ReloadAsync(IServiceProvider provider, Guid id) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>A dispatcher whose clock says the given instant.</summary>
    private static OutboxDispatcher DispatcherAt(IServiceProvider provider, DateTimeOffset now) => new(
        provider.GetRequiredService<IServiceScopeFactory>(),
        provider.GetRequiredService<IMailTransport>(),
        provider.GetRequiredService<IOptions<EmailOptions>>(),
        new FixedTimeProvider(now),
        provider.GetRequiredService<ILogger<OutboxDispatcher>>());

    [Fact]
    public async Task A_message_that_cannot_be_sent_is_kept_with_the_error_and_retried_later()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(Dispatchers.ClosedPort()));
        var message = await QueueAsync(provider, NewMessage());
        using var dispatcher = Dispatchers.Create(provider);

        var handled = await dispatcher.DispatchBatchAsync(CancellationToken.None);
        var afterBatch = DateTimeOffset.UtcNow;

        Assert.True(handled >= 1);
        var stored = await ReloadAsync(provider, message.Id);
        Assert.Equal(1, stored.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(stored.LastError));
        Assert.True(stored.NextAttemptAt > afterBatch, $"NextAttemptAt {stored.NextAttemptAt:O} should be after {afterBatch:O}");
        Assert.Null(stored.SentAt);
        Assert.Null(stored.FailedAt);

        // Not tried again before it is due, tried again when it is.
        using (var justBefore = DispatcherAt(provider, stored.NextAttemptAt.AddSeconds(-1)))
        {
            await justBefore.DispatchBatchAsync(CancellationToken.None);
        }

        Assert.Equal(1, (await ReloadAsync(provider, message.Id)).Attempts);
        using (var due = DispatcherAt(provider, stored.NextAttemptAt))
        {
            await due.DispatchBatchAsync(CancellationToken.None);
        }

        var retried = await ReloadAsync(provider, message.Id);
        Assert.Equal(2, retried.Attempts);
        Assert.Null(retried.SentAt);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 20)]
    [InlineData(3, 80)]
    [InlineData(8, 2560)]
    public async Task The_retry_delay_doubles_with_each_failed_attempt(int attemptsBefore, int expectedDelaySeconds)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(Dispatchers.ClosedPort()));
        var message = await QueueAsync(provider, NewMessage(attemptsBefore));
        // Whole seconds: PostgreSQL keeps microseconds, .NET ticks are finer.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using var dispatcher = DispatcherAt(provider, now);

        await dispatcher.DispatchBatchAsync(CancellationToken.None);

        var stored = await ReloadAsync(provider, message.Id);
        Assert.Equal(attemptsBefore + 1, stored.Attempts);
        Assert.Equal(now.AddSeconds(expectedDelaySeconds), stored.NextAttemptAt);
        Assert.Null(stored.FailedAt);
    }

    [Fact]
    public async Task A_message_that_fails_for_the_last_allowed_time_is_given_up()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString, settings: Dispatchers.SmtpSettings(Dispatchers.ClosedPort()));
        var message = await QueueAsync(provider, NewMessage(attempts: EmailOutboxMessage.MaxAttempts - 1));
        using var dispatcher = Dispatchers.Create(provider);

        await dispatcher.DispatchBatchAsync(CancellationToken.None);

        var stored = await ReloadAsync(provider, message.Id);
        Assert.Equal(EmailOutboxMessage.MaxAttempts, stored.Attempts);
        Assert.NotNull(stored.FailedAt);
        Assert.Null(stored.SentAt);
        Assert.False(string.IsNullOrWhiteSpace(stored.LastError));
    }
}
