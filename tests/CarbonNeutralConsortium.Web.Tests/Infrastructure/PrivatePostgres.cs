using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster of this test alone, for fault tests that stop and restart the server: made with
/// initdb in a fresh temporary directory, listening on 127.0.0.1 at a port checked to be free, trust authentication
/// (loopback only), deleted at the end. The shared test server (eng/test.sh's cluster) is never touched. initdb and
/// pg_ctl refuse to run as root: as root (CI) they run as the "postgres" user through runuser.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Role = "cnc_fault";

    private readonly string _bin;
    private readonly string _directory;

    private PrivatePostgres(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A connection string to <paramref name="database"/>; a short connect timeout, so that a request meets an outage quickly.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = Role, Database = database, Timeout = 3, Pooling = true,
    }.ConnectionString;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), "cnc-private-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory]);
        }

        var cluster = new PrivatePostgres(bin, directory, FreePort());
        await cluster.AsPostgresAsync(Path.Combine(bin, "initdb"), ["-D", cluster.DataDirectory, "-U", Role, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Starts the server (after <see cref="StopAsync"/>) and waits until it accepts connections.</summary>
    public Task StartServerAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"),
    [
        "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {_directory} -c fsync=off -c max_connections=200",
        "start",
    ]);

    /// <summary>Stops the server the way a restart or a fail-over does: every session is ended at once (fast shutdown).</summary>
    public Task StopAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql. eng/test.sh installs the Debian package postgresql.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task AsPostgresAsync(string program, IReadOnlyList<string> arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
