using System.Data.Common;
using System.Runtime.CompilerServices;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// Brings <see cref="PartnerProfileIndex"/> up to date right after this process commits a change to partners or matches
/// (what the profile triggers follow), so that the next ranking on this instance already retrieves by it; other
/// instances follow within <see cref="PartnerProfileIndexRefresher"/>'s interval. Changes saved inside an explicit
/// transaction are read when it commits. A failed refresh is logged: the change is committed, the next refresh reads it.
/// </summary>
public sealed partial class PartnerProfileChangeInterceptor(PartnerProfileIndex index, IServiceScopeFactory scopes, ILogger<PartnerProfileChangeInterceptor> logger)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Contexts with saved, not yet refreshed changes of partners or matches (a pooled context is reused: the mark is cleared when read).</summary>
    private readonly ConditionalWeakTable<DbContext, object> pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null && pending.Remove(context))
        {
            await RefreshAsync(cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null && pending.Remove(context))
        {
            RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Clear(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear(eventData.Context);
        return Task.CompletedTask;
    }

    async Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        if (eventData.Context is { } context && pending.Remove(context))
        {
            await RefreshAsync(cancellationToken);
        }
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && pending.Remove(context))
        {
            RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Clear(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Clear(eventData.Context);
        return Task.CompletedTask;
    }

    private void Mark(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is OverseasPartner or Match))
        {
            pending.AddOrUpdate(context, true);
        }
    }

    private void Clear(DbContext? context)
    {
        if (context is not null)
        {
            pending.Remove(context);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A context of its own: the saving one may still hold its (committed) transaction.
            await using var scope = scopes.CreateAsyncScope();
            await index.RefreshAsync(scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The matching profile index could not read a change just saved; the next refresh will")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
