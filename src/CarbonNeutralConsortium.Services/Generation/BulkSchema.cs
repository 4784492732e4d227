using Npgsql;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>A key, index or foreign key of the bulk tables, with the DDL that recreates it and the one that drops it.</summary>
/// <param name="Phase">1 primary key or unique constraint, 2 index, 3 foreign key (needs the keys of both tables), 4 a trigger that keeps a
/// derived table (disabled during the load, enabled after the derived table is rebuilt).</param>
/// <param name="Referenced">For a foreign key, the table it references.</param>
internal sealed record SchemaObject(int Order, int Phase, string Table, string? Referenced, string Name, string Create, string Drop);

/// <summary>
/// Before a bulk load the keys, indexes and foreign keys of the generated tables are dropped, and rebuilt from their
/// captured definitions afterwards (pg_get_constraintdef / pg_get_indexdef: whatever the migrations created, also
/// indexes added later). The definitions are kept in a small table of their own, written in the same transaction as
/// the drops, so a run that is interrupted leaves the way back in the database: the next run (with --replace)
/// uses it.
/// </summary>
internal static class BulkSchema
{
    public const string RestoreTable = "cnc_generate_restore";

    /// <summary>The tables the generator fills with binary COPY.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "overseas_partners", "companies", "contact_persons", "contact_consents", "users", "user_roles", "partnership_requests", "request_contributors",
        "request_status_changes", "matches", "match_status_changes",
    ];

    /// <summary>Tables that reference the generated ones and are emptied when the data is replaced (requests' messages, attachments...).</summary>
    public static readonly IReadOnlyList<string> Dependents =
        ["attachment_contents", "request_attachments", "request_messages", "request_internal_notes", "company_invitations", "notifications"];

    /// <summary>
    /// Tables derived from the generated ones and kept by triggers (the Scale migration's partner_match_profiles): during
    /// the load their triggers are disabled (a statement trigger on a COPY of 3,000,000 matches would first copy them all
    /// into its transition table, and two loads would deadlock on the derived table), and the table is rebuilt afterwards
    /// by its refresh function (the migration's own statement). A derived table without its function keeps its triggers on.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string Refresh, string TriggerPrefix)> Derived =
        [("partner_match_profiles", "refresh_partner_match_profiles", "partner_match_profiles_")];

    public static async Task<bool> HasPendingRestoreAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await ScalarAsync<bool>(connection, $"SELECT to_regclass('public.{RestoreTable}') IS NOT NULL", cancellationToken);

    /// <summary>The definitions to rebuild: those an interrupted run left, or the current ones.</summary>
    public static async Task<List<SchemaObject>> CaptureAsync(NpgsqlConnection connection, bool pending, CancellationToken cancellationToken)
    {
        var sql = pending
            ? $"SELECT ord, phase, table_name, referenced, object_name, create_ddl, drop_ddl FROM {RestoreTable} ORDER BY ord"
            : """
              WITH bulk AS (
                  SELECT c.oid, c.relname FROM pg_class c
                  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname = ANY (@tables))
              SELECT (row_number() OVER (ORDER BY phase, table_name, object_name))::int AS ord, phase, table_name, referenced, object_name, create_ddl, drop_ddl
              FROM (
                  SELECT 3 AS phase, t.relname::text AS table_name, r.relname::text AS referenced, con.conname::text AS object_name,
                         format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, con.conname, pg_get_constraintdef(con.oid)) AS create_ddl,
                         format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I', t.relname, con.conname) AS drop_ddl
                  FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
                  WHERE con.contype = 'f' AND (con.conrelid IN (SELECT oid FROM bulk) OR con.confrelid IN (SELECT oid FROM bulk))
                  UNION ALL
                  -- A key is built as a unique index first (readers are not blocked), then attached as the constraint.
                  SELECT 1, t.relname::text, NULL, con.conname::text,
                         pg_get_indexdef(con.conindid) || '; ' || format('ALTER TABLE %I ADD CONSTRAINT %I %s USING INDEX %I', t.relname, con.conname,
                             CASE con.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, i.relname),
                         format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I', t.relname, con.conname)
                  FROM pg_constraint con JOIN bulk t ON t.oid = con.conrelid JOIN pg_class i ON i.oid = con.conindid
                  WHERE con.contype IN ('p', 'u')
                  UNION ALL
                  SELECT 2, t.relname::text, NULL, i.relname::text, pg_get_indexdef(ix.indexrelid), format('DROP INDEX IF EXISTS %I', i.relname)
                  FROM pg_index ix JOIN bulk t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
                  WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
                  UNION ALL
                  SELECT 4, t.relname::text, d.derived, tg.tgname::text,
                         format('ALTER TABLE %I ENABLE TRIGGER %I', t.relname, tg.tgname), format('ALTER TABLE %I DISABLE TRIGGER %I', t.relname, tg.tgname)
                  FROM pg_trigger tg JOIN bulk t ON t.oid = tg.tgrelid
                  JOIN unnest(@derived, @refresh, @prefixes) AS d(derived, refresh, prefix) ON starts_with(tg.tgname, d.prefix)
                  WHERE NOT tg.tgisinternal AND tg.tgenabled <> 'D'
                    AND to_regclass(quote_ident(d.derived)) IS NOT NULL AND to_regprocedure(quote_ident(d.refresh) || '()') IS NOT NULL
              ) AS objects
              """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tables", Tables.ToArray());
        command.Parameters.AddWithValue("derived", Derived.Select(d => d.Table).ToArray());
        command.Parameters.AddWithValue("refresh", Derived.Select(d => d.Refresh).ToArray());
        command.Parameters.AddWithValue("prefixes", Derived.Select(d => d.TriggerPrefix).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var objects = new List<SchemaObject>();
        while (await reader.ReadAsync(cancellationToken))
        {
            objects.Add(new SchemaObject(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }

        return objects;
    }

    /// <summary>Records the definitions (unless they are already recorded) and drops the objects, foreign keys first, in one transaction.</summary>
    public static async Task DropAsync(NpgsqlConnection connection, IReadOnlyList<SchemaObject> objects, bool pending, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!pending)
        {
            await ExecuteAsync(connection, $"CREATE TABLE {RestoreTable} (ord int PRIMARY KEY, phase int NOT NULL, table_name text NOT NULL, referenced text, " +
                "object_name text NOT NULL, create_ddl text NOT NULL, drop_ddl text NOT NULL)", cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var item in objects)
            {
                var command = new NpgsqlBatchCommand($"INSERT INTO {RestoreTable} VALUES ($1, $2, $3, $4, $5, $6, $7)");
                command.Parameters.Add(new NpgsqlParameter { Value = item.Order });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Phase });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Table });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)item.Referenced ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Name });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Create });
                command.Parameters.Add(new NpgsqlParameter { Value = item.Drop });
                batch.BatchCommands.Add(command);
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        foreach (var item in objects.OrderByDescending(o => o.Phase))
        {
            await ExecuteAsync(connection, item.Drop, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>True when the object exists (a constraint of its table, or an index).</summary>
    public static bool Exists(NpgsqlConnection connection, SchemaObject item)
    {
        var sql = item.Phase switch
        {
            2 => "SELECT to_regclass(quote_ident(@name)) IS NOT NULL",
            4 => "SELECT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid WHERE g.tgname = @name AND t.relname = @table AND g.tgenabled <> 'D')",
            _ => "SELECT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.conname = @name AND t.relname = @table)",
        };
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", item.Name);
        command.Parameters.AddWithValue("table", item.Table);
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>Refills a derived table with its refresh function, then VACUUM (ANALYZE) so its covering index serves index-only scans.</summary>
    public static long RebuildDerived(NpgsqlConnection connection, string table, string refresh)
    {
        long rows;
        using (var command = new NpgsqlCommand($"SELECT {refresh}()", connection) { CommandTimeout = 0 })
        {
            rows = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", connection) { CommandTimeout = 0 };
        vacuum.ExecuteNonQuery();
        return rows;
    }

    public static async Task FinishAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {RestoreTable}", cancellationToken);

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
