using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Generation;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Cli;

/// <summary><c>cnc generate</c>: the national-scale data set of QUALITY.md (benchmarks, load tests).</summary>
internal static class GenerateCommand
{
    /// <summary>Where the password may come from instead of --password (keeps it out of the process list).</summary>
    public const string PasswordVariable = "CNC_GENERATE_PASSWORD";

    public static Command Create()
    {
        var scale = new Option<string>("--scale")
        {
            Description = "full: 100,000 companies, 1,000,000 requests over 5 years, 100,000 overseas partners, 3,000,000 matches; small: one hundredth.",
            Required = true,
        };
        scale.AcceptOnlyFromAmong("small", "full");
        var seed = new Option<long>("--seed") { Description = "Seed of the generator: the same seed and --as-of give the same data.", DefaultValueFactory = _ => 42 };
        var password = new Option<string?>("--password")
        {
            Description = $"Password of every generated user (at least {PortalIdentityOptions.MinimumPasswordLength} characters; or set {PasswordVariable}). " +
                "Without it the users cannot sign in.",
        };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "The data set's today, yyyy-MM-dd (default: today in Korea). The 5 years of requests end the day before; open requests are recent relative to it.",
        };
        var replace = new Option<bool>("--replace") { Description = "Delete the portal's business data (companies, requests, partners, matches, their users) and generate anew." };
        var command = new Command("generate", """
            Generate the national-scale data set into the database of ConnectionStrings:Default (applies the migrations and reference
            data first; refuses a database that already has companies, requests or partners unless --replace is given).
            Users (all with the --password, email confirmed):
              admin@bench.cnc.example                      ConsortiumAdmin, organization KEIT
              coordinator.<institute>@bench.cnc.example    InstituteCoordinator of each institute (etri, kitech, kimm, krict, katech, keti)
              sme.<n>@bench.cnc.example                    SmeMember of company n (n = 1 .. number of companies; 1 has the most requests)
            """);
        command.Options.Add(scale);
        command.Options.Add(seed);
        command.Options.Add(password);
        command.Options.Add(asOf);
        command.Options.Add(replace);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = parse.GetValue(password) ?? Environment.GetEnvironmentVariable(PasswordVariable);
            if (string.IsNullOrEmpty(secret))
            {
                secret = null;
            }
            else if (secret.Length < PortalIdentityOptions.MinimumPasswordLength)
            {
                await Console.Error.WriteLineAsync($"cnc: the password must have at least {PortalIdentityOptions.MinimumPasswordLength} characters.");
                return 2;
            }

            DateOnly day;
            var asOfText = parse.GetValue(asOf);
            if (asOfText is null)
            {
                day = KoreaTime.Today(TimeProvider.System);
            }
            else if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) || day.Year < 2010 || day.Year > 2100)
            {
                await Console.Error.WriteLineAsync($"cnc: --as-of must be a date yyyy-MM-dd between 2010 and 2100, not '{asOfText}'.");
                return 2;
            }

            var options = new GenerationOptions(GeneratorScale.Named(parse.GetValue(scale))!, parse.GetValue(seed), day, secret, parse.GetValue(replace));
            var total = Stopwatch.StartNew();
            using var host = Commands.BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            Console.WriteLine($"cnc generate --scale {options.Scale.Name} --seed {options.Seed} --as-of {day:yyyy-MM-dd}" +
                $"{(options.Replace ? " --replace" : "")} ({(secret is null ? "no password: the users cannot sign in" : "users get the given password")})");
            GenerationReport report;
            try
            {
                // The migrations and reference data first (the plan is made in memory meanwhile).
                var generator = ActivatorUtilities.CreateInstance<ScaleDataGenerator>(scope.ServiceProvider);
                var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
                report = await generator.RunAsync(options, async token => await initializer.MigrateAndSeedAsync(token), Console.WriteLine, cancellationToken);
            }
            catch (GenerationRefusedException ex)
            {
                await Console.Error.WriteLineAsync("cnc: " + ex.Message);
                return 2;
            }

            PrintSummary(report, total.Elapsed);
            return 0;
        });
        return command;
    }

    private static void PrintSummary(GenerationReport report, TimeSpan total)
    {
        Console.WriteLine();
        Console.WriteLine($"{"table",-26} {"rows",12} {"load s",8}");
        foreach (var table in report.Tables.OrderByDescending(t => t.Rows))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table.Name,-26} {table.Rows,12:N0} {table.Elapsed.TotalSeconds,8:0.0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-26} {report.Tables.Sum(t => t.Rows),12:N0}"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"phase",-60} {"s",8}"));
        foreach (var phase in report.Phases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase.Name,-60} {phase.Elapsed.TotalSeconds,8:0.0}"));
        }

        var slowest = report.SchemaSteps.OrderByDescending(s => s.Elapsed).Take(5).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine($"slowest rebuild steps: {string.Join("; ", slowest)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total {total.TotalSeconds:0.0} s; database size {report.DatabaseBytes / (1024.0 * 1024 * 1024):0.00} GiB; reference numbers up to {report.ReferenceSequence:N0}"));
    }
}
