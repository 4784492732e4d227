using System.Collections.Concurrent;
using CarbonNeutralConsortium.Services.Identity;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

/// <summary>
/// The test's authenticator app: remembers each account's key (read from the set-up page, as a person scans it)
/// and makes codes. The portal accepts a code once only, for the current 30-second step or one either side, so
/// successive sign-ins of one account use successive steps and wait for the clock when they run ahead of it.
/// </summary>
public static class TestTwoFactor
{
    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, long> LastSteps = new(StringComparer.OrdinalIgnoreCase);
    private static readonly object Gate = new();

    public static void Remember(string email, string key) => Keys[email] = key;

    public static string KeyOf(string email) =>
        Keys.TryGetValue(email, out var key) ? key : throw new InvalidOperationException($"No authenticator key known for {email}: it was not set up through the portal in this test run.");

    /// <summary>A code for a step not used before by this account: the current one, else the next (then wait).</summary>
    public static async Task<string> NextCodeAsync(string email)
    {
        var key = KeyOf(email);
        while (true)
        {
            var now = Totp.StepAt(DateTimeOffset.UtcNow);
            lock (Gate)
            {
                var step = Math.Max(now, LastSteps.GetValueOrDefault(email, long.MinValue) + 1);
                if (step <= now + 1)
                {
                    LastSteps[email] = step;
                    return Totp.Code(key, step);
                }
            }

            await Task.Delay(Totp.StartOf(now + 1) - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Records a code's step as used (the set-up page's code is consumed like any other).</summary>
    public static void MarkUsed(string email, long step)
    {
        lock (Gate)
        {
            LastSteps[email] = Math.Max(step, LastSteps.GetValueOrDefault(email, long.MinValue));
        }
    }
}
