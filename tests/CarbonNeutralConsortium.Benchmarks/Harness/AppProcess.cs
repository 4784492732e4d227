using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CarbonNeutralConsortium.Benchmarks.Harness;

/// <summary>
/// The portal as a real process (the Release build, Production environment) on a loopback port the harness checked
/// was free, with Server-Timing switched on. Measures the time from process start to the first served page, and
/// samples its resident memory.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;

    private AppProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    /// <summary>From Process.Start to the first 200 of the home page.</summary>
    public TimeSpan StartUpTime { get; private set; }

    /// <summary>The web project's folder (bin/Release/net10.0 three levels up, where wwwroot is), else the dll's folder.</summary>
    private static string ContentRoot(string appDll)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(appDll))!;
        var project = Path.GetFullPath(Path.Combine(folder, "..", "..", ".."));
        return Directory.Exists(Path.Combine(project, "wwwroot")) ? project : folder;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<AppProcess> StartAsync(string appDll, string connectionString, string logPath, CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        // The portal writes its log (one line a request) straight into the log file, as a server writes to its journal:
        // relayed line by line through this process, the relaying would take the CPU the portal is being measured on.
        // "exec" keeps the process id, so the memory read from /proc is the portal's.
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "exec dotnet \"$0\" >>\"$1\" 2>&1", appDll, Path.GetFullPath(logPath) },
            // The content root is the working directory: the project folder (its wwwroot and appsettings.json), as
            // "dotnet run" would have it; a build output folder has no wwwroot.
            WorkingDirectory = ContentRoot(appDll),
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ConnectionStrings__Default"] = connectionString;
        start.Environment["Diagnostics__ServerTiming"] = "true";
        start.Environment["Security__AllowPlainHttp"] = "true"; // plain HTTP on loopback (see PortalSecurity)
        start.Environment["RateLimits__Auth__PermitLimit"] = "100000"; // the harness signs its sessions in quickly, from one address
        // Nothing is sent: the outbox of generated data is empty, and a stray e-mail would go to a folder.
        start.Environment["Email__Delivery"] = "PickupDirectory";
        start.Environment["Email__PickupDirectory"] = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(logPath))!, "mail");
        start.Environment["Email__PublicBaseUrl"] = address.ToString();

        File.WriteAllText(logPath, "");
        var watch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process, address);

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {process.ExitCode} while starting; see {logPath}.");
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(90))
            {
                await app.DisposeAsync();
                throw new TimeoutException($"The portal did not serve its home page within 90 s; see {logPath}.");
            }

            try
            {
                using var response = await probe.GetAsync("/", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    app.StartUpTime = watch.Elapsed;
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out while starting.
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Resident memory now (VmRSS) and the peak so far (VmHWM), in MB, from /proc.</summary>
    public (double Rss, double Peak) Memory()
    {
        double rss = double.NaN, peak = double.NaN;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) / 1024.0;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return (rss, peak);

        static double Kilobytes(string line) =>
            double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM: the host shuts down gracefully.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}
