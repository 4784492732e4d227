using System.Diagnostics;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// The load and the rebuild as one queue of steps run by two workers, each on its own connection: table loads
/// (largest first), ANALYZE and then each table's keys and indexes as soon as it is loaded, foreign keys once the keys
/// of both tables exist. Two steps on the same table never run at once (except two index builds), so nothing waits on a
/// lock.
/// </summary>
internal sealed class WorkQueue(string connectionString, Action<string> log, CancellationToken cancellationToken)
{
    private const int Workers = 2;

    /// <summary>Largest first: the longest load starts first and the rest fills the other connection.</summary>
    private static readonly string[] LoadOrder =
    [
        "matches", "match_status_changes", "request_status_changes", "partnership_requests", "overseas_partners", "users", "companies", "contact_persons",
        "contact_consents", "request_contributors", "user_roles",
    ];

    private readonly List<Item> _items = [];
    private readonly object _gate = new();
    private readonly Stopwatch _clock = new();
    private Exception? _failure;
    private TimeSpan _loaded;

    public List<GenerationStep> Tables { get; } = [];

    public List<GenerationStep> Rebuilt { get; } = [];

    public void Plan(IReadOnlyList<TableLoad> loads, IReadOnlyList<SchemaObject> objects, bool keepUsers)
    {
        var byTable = new Dictionary<string, Item>(StringComparer.Ordinal);
        foreach (var load in loads.OrderBy(l => Array.IndexOf(LoadOrder, l.Table)))
        {
            var truncate = !(keepUsers && load.Table is "users" or "user_roles");
            var item = new Item($"load {load.Table}", [load.Table], Kind.Load, c => Load(c, load, truncate));
            byTable[load.Table] = item;
            _items.Add(item);
        }

        // Statistics right after each load: the foreign keys' validation queries are planned with them (merge joins over the new indexes).
        var analyzed = new Dictionary<string, Item>(StringComparer.Ordinal);
        foreach (var load in loads.OrderBy(l => Array.IndexOf(LoadOrder, l.Table)))
        {
            var item = new Item($"analyze {load.Table}", [load.Table], Kind.Analyze, c => Execute(c, $"ANALYZE {load.Table}"));
            item.After.Add(byTable[load.Table]);
            analyzed[load.Table] = item;
            _items.Add(item);
        }

        // Keys and indexes of the big tables first: they are on the critical path.
        var keys = new Dictionary<string, List<Item>>(StringComparer.Ordinal);
        foreach (var obj in objects.Where(o => o.Phase is 1 or 2).OrderBy(o => Array.IndexOf(LoadOrder, o.Table)).ThenBy(o => o.Phase).ThenBy(o => o.Order))
        {
            var item = new Item(obj.Name, [obj.Table], obj.Phase == 1 ? Kind.Key : Kind.Index, c => Execute(c, obj.Create));
            item.After.Add(byTable[obj.Table]);
            if (obj.Phase == 1)
            {
                (keys.TryGetValue(obj.Table, out var list) ? list : keys[obj.Table] = []).Add(item);
            }

            _items.Add(item);
        }

        foreach (var obj in objects.Where(o => o.Phase == 3).OrderBy(o => Array.IndexOf(LoadOrder, o.Table)).ThenBy(o => o.Order))
        {
            var tables = obj.Referenced is { } referenced && byTable.ContainsKey(referenced) && referenced != obj.Table ? new[] { obj.Table, referenced } : [obj.Table];
            var item = new Item(obj.Name, tables, Kind.ForeignKey, c => Execute(c, obj.Create));
            foreach (var table in tables)
            {
                if (byTable.TryGetValue(table, out var load))
                {
                    item.After.Add(load);
                    item.After.Add(analyzed[table]);
                }

                item.After.AddRange(_items.Where(i => i.Kind is Kind.Key or Kind.Index && i.Tables[0] == table));
            }

            _items.Add(item);
        }

        // Derived tables whose triggers are off during the load: rebuilt by their refresh function once every table has its
        // keys and indexes, then the triggers go back on.
        foreach (var (derived, refresh, _) in BulkSchema.Derived)
        {
            var triggers = objects.Where(o => o.Phase == 4 && o.Referenced == derived).ToList();
            if (triggers.Count == 0)
            {
                continue;
            }

            var rebuild = new Item($"rebuild {derived}", [derived, .. triggers.Select(t => t.Table).Distinct()], Kind.Derived, c => BulkSchema.RebuildDerived(c, derived, refresh));
            rebuild.After.AddRange(_items.Where(i => i.Kind is Kind.Load or Kind.Key or Kind.Index));
            _items.Add(rebuild);
            foreach (var trigger in triggers)
            {
                var enable = new Item($"enable trigger {trigger.Name} on {trigger.Table}", [trigger.Table], Kind.Trigger, c => Execute(c, trigger.Create));
                enable.After.Add(rebuild);
                _items.Add(enable);
            }
        }
    }

    /// <summary>Runs every step; returns when the last load ended and when everything ended.</summary>
    public (TimeSpan Loaded, TimeSpan Finished) Run()
    {
        _clock.Start();
        var threads = Enumerable.Range(0, Workers).Select(_ => new Thread(Work) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (_failure is not null)
        {
            throw _failure is OperationCanceledException ? new OperationCanceledException("cnc generate was cancelled.", _failure) : _failure;
        }

        return (_loaded, _clock.Elapsed);
    }

    private void Work()
    {
        using var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, "SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 0");
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }

        while (true)
        {
            Item? item;
            lock (_gate)
            {
                while (true)
                {
                    if (_failure is not null || cancellationToken.IsCancellationRequested)
                    {
                        _failure ??= new OperationCanceledException(cancellationToken);
                        Monitor.PulseAll(_gate);
                        return;
                    }

                    item = _items.FirstOrDefault(Ready);
                    if (item is not null)
                    {
                        item.Running = true;
                        break;
                    }

                    if (_items.All(i => i.Done))
                    {
                        return;
                    }

                    Monitor.Wait(_gate, 200);
                }
            }

            var watch = Stopwatch.StartNew();
            long rows;
            try
            {
                rows = item.Run(connection);
            }
            catch (Exception ex)
            {
                Fail(new InvalidOperationException($"{item.Name}: {ex.Message}", ex));
                return;
            }

            lock (_gate)
            {
                item.Running = false;
                item.Done = true;
                var done = new GenerationStep(item.Name, rows, watch.Elapsed);
                if (item.Kind == Kind.Load)
                {
                    Tables.Add(done with { Name = item.Tables[0] });
                    if (_items.Where(i => i.Kind == Kind.Load).All(i => i.Done))
                    {
                        _loaded = _clock.Elapsed;
                    }

                    log($"  {item.Tables[0],-24} {rows,12:N0} rows in {watch.Elapsed.TotalSeconds,6:0.0} s");
                }
                else
                {
                    Rebuilt.Add(done);
                    if (watch.Elapsed.TotalSeconds >= 1)
                    {
                        log($"  {item.Name,-60} {watch.Elapsed.TotalSeconds,6:0.0} s");
                    }
                }

                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Fail(Exception ex)
    {
        lock (_gate)
        {
            _failure ??= ex;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Not done, not running, everything it waits for done, and no running step on its tables (two index builds may share one).</summary>
    private bool Ready(Item item) =>
        !item.Done && !item.Running && item.After.All(a => a.Done)
        && !_items.Any(other => other.Running && other.Tables.Intersect(item.Tables, StringComparer.Ordinal).Any() && !(IsIndexBuild(other) && IsIndexBuild(item)));

    /// <summary>Index builds (keys are built as unique indexes) take a SHARE lock: two of them may run on one table.</summary>
    private static bool IsIndexBuild(Item item) => item.Kind is Kind.Index or Kind.Key;

    private static long Load(NpgsqlConnection connection, TableLoad load, bool truncate)
    {
        using var transaction = connection.BeginTransaction();
        if (truncate)
        {
            Execute(connection, $"TRUNCATE TABLE {load.Table}");
        }

        long rows;
        using (var stream = connection.BeginRawBinaryCopy($"COPY {load.Table} ({load.Columns}) FROM STDIN (FORMAT BINARY{(truncate ? ", FREEZE" : "")})"))
        {
            var writer = new PgCopyWriter(stream);
            load.Write(writer);
            writer.Complete();
            rows = writer.Rows;
        }

        transaction.Commit();
        return rows;
    }

    private static long Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
        return 0;
    }

    private enum Kind
    {
        Load,
        Key,
        Index,
        ForeignKey,
        Derived,
        Trigger,
        Analyze,
    }

    private sealed class Item(string name, string[] tables, Kind kind, Func<NpgsqlConnection, long> run)
    {
        public string Name { get; } = name;

        public string[] Tables { get; } = tables;

        public Kind Kind { get; } = kind;

        public Func<NpgsqlConnection, long> Run { get; } = run;

        public List<Item> After { get; } = [];

        public bool Running { get; set; }

        public bool Done { get; set; }
    }
}
