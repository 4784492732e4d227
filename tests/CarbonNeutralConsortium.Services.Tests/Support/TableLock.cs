using Npgsql;

namespace CarbonNeutralConsortium.Services.Tests.Support;

/// <summary>
/// An ACCESS EXCLUSIVE lock on one table, held by a connection of its own until released: a job that reaches that
/// table waits there, in the middle of its run and holding whatever it took before (its advisory lock), for as long
/// as the test wants. So "another instance runs at the same moment" is not left to timing.
/// </summary>
internal sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly string connectionString;
    private readonly string table;

    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction, string connectionString, string table)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.connectionString = connectionString;
        this.table = table;
    }

    public static async Task<TableLock> TakeAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new TableLock(connection, transaction, connectionString, table);
    }

    /// <summary>Returns once a session of this database waits for the table; fails if <paramref name="run"/> ends first (it never got there).</summary>
    public async Task WaitForWaiterAsync(Task run)
    {
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            Assert.False(run.IsCompleted, $"the run ended without waiting for {table}: {run.Exception}");
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM pg_locks
                WHERE relation = to_regclass(@table) AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, observer);
            command.Parameters.AddWithValue("table", table);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"nobody waited for {table} within 30 s");
            await Task.Delay(20);
        }
    }

    public Task ReleaseAsync() => transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
