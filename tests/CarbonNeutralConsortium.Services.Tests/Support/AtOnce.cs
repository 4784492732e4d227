using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Support;

/// <summary>Several app instances doing the same work at the same moment.</summary>
internal static class AtOnce
{
    /// <summary>
    /// Runs <paramref name="work"/> once per entry of <paramref name="instances"/> (a provider stands for an app
    /// instance; the same one twice for two workers of one instance), each in a scope of its own as a background job
    /// does, all released together once every one has its services and a warm database connection.
    /// </summary>
    public static async Task<T[]> RunAsync<T>(IEnumerable<IServiceProvider> instances, Func<IServiceProvider, Task<T>> work)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var list = instances.ToList();
        var ready = list.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var runs = list.Select((provider, i) => Task.Run(async () =>
        {
            await using var scope = provider.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>().Database.ExecuteSqlRawAsync("SELECT 1");
                ready[i].SetResult();
            }
            catch (Exception ex)
            {
                ready[i].SetException(ex);
                throw;
            }

            await go.Task;
            return await work(scope.ServiceProvider);
        })).ToArray();

        // Released even when one could not get ready (its exception comes out of WhenAll below).
        await Task.WhenAll(ready.Select(r => r.Task)).ContinueWith(_ => go.SetResult(), TaskScheduler.Default);
        return await Task.WhenAll(runs);
    }
}
