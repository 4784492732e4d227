using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>
/// Records the SQL and parameters EF Core sends while a capture is open, so the reference server replays exactly
/// the portal's queries (taken from the portal's own query services, so they cannot drift apart).
/// </summary>
public sealed class SqlCapture : DbCommandInterceptor
{
    private readonly AsyncLocal<List<ReferenceCommand>?> current = new();

    public async Task<IReadOnlyList<ReferenceCommand>> CaptureAsync(Func<Task> action)
    {
        var commands = new List<ReferenceCommand>();
        current.Value = commands;
        try
        {
            await action();
        }
        finally
        {
            current.Value = null;
        }

        return commands;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        if (current.Value is { } list)
        {
            list.Add(new ReferenceCommand(command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
        }
    }
}
