using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Seed;
using CarbonNeutralConsortium.Services.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CarbonNeutralConsortium.Cli;

internal static class Commands
{
    public static Command Migrate()
    {
        var command = new Command("migrate", "Apply database migrations, then insert missing reference data and roles (idempotent).");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            var (applied, seeded) = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAndSeedAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0 ? "Migrations: up to date." : $"Migrations applied: {string.Join(", ", applied)}");
            Console.WriteLine($"Reference data inserted: {seeded.Organizations} organizations, {seeded.Sectors} sectors, " +
                $"{seeded.TechnologyAreas} technology areas, {seeded.Countries} countries, {seeded.Vocabulary} vocabulary codes, {seeded.Roles} roles.");
            return 0;
        });
        return command;
    }

    public static Command Stats()
    {
        var full = new Option<bool>("--full") { Description = "Read every submitted request again (the first refresh always does)." };
        var refresh = new Command("refresh", "Bring the dashboards' statistics up to date (the app does it every two minutes) and print how long it took.") { full };
        refresh.SetAction(async (parse, cancellationToken) =>
        {
            using var host = BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<CarbonNeutralConsortium.Services.Dashboards.StatsRefreshService>()
                .RefreshAsync(parse.GetValue(full), cancellationToken);
            Console.WriteLine(result.Skipped
                ? "Statistics: another refresh is running; skipped."
                : $"Statistics refreshed ({(result.Full ? "full" : "incremental")}): {result.Requests:N0} requests read in {result.Duration.TotalSeconds:0.0} s " +
                  $"({string.Join(", ", result.Steps.Select(s => $"{s.Step} {s.Duration.TotalSeconds:0.00} s"))}).");
            return 0;
        });
        var command = new Command("stats", "The dashboards' statistics.");
        command.Subcommands.Add(refresh);
        return command;
    }

    public static Command Seed()
    {
        var demo = new Command("demo", "Create demo accounts (never in Production) and print their sign-ins.");
        demo.SetAction(async (_, cancellationToken) =>
        {
            using var host = BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            IReadOnlyList<DemoLogin> logins;
            try
            {
                logins = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }

            Console.WriteLine("Demo sign-ins (password for all: " + DemoDataSeeder.DemoPassword + "):");
            foreach (var login in logins)
            {
                Console.WriteLine($"  {login.Role,-22} {login.Organization,-22} {login.Email}{(login.Created ? "  (new)" : "")}");
            }

            return 0;
        });
        var seed = new Command("seed", "Seed data sets.");
        seed.Subcommands.Add(demo);
        return seed;
    }

    public static Command Admin()
    {
        var email = new Option<string>("--email") { Description = "E-mail address (the sign-in name) of the new admin.", Required = true };
        var name = new Option<string>("--name") { Description = "Display name.", DefaultValueFactory = _ => "협의체 관리자" };
        var organization = new Option<string>("--organization") { Description = "Code of the coordinating agency.", DefaultValueFactory = _ => "KEIT" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one." };
        var create = new Command("create", "Create a consortium admin account (the first admin of a new installation).");
        create.Options.Add(email);
        create.Options.Add(name);
        create.Options.Add(organization);
        create.Options.Add(passwordStdin);
        create.SetAction(async (parse, cancellationToken) =>
        {
            string password;
            var generated = false;
            if (parse.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') ?? "";
            }
            else
            {
                password = GeneratePassword();
                generated = true;
            }

            using var host = BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<StaffAccountService>();
            var input = new StaffAccountInput(parse.GetValue(email)!, parse.GetValue(name)!, PortalRoles.ConsortiumAdmin, parse.GetValue(organization)!, "ko");
            var result = await service.CreateAsync(input, password, cancellationToken);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync("The admin account was not created:");
                foreach (var error in result.Errors)
                {
                    await Console.Error.WriteLineAsync($"  {Explain(error.Code)} [{error.Code}]");
                }

                return 1;
            }

            Console.WriteLine($"Admin {input.Email} created.");
            if (generated)
            {
                Console.WriteLine($"Password (shown once; change it after signing in): {password}");
            }

            return 0;
        });
        var admin = new Command("admin", "Manage admin accounts.");
        admin.Subcommands.Add(create);
        return admin;
    }

    private static string Explain(string code) => code switch
    {
        "Account.DuplicateEmail" => "an account with this e-mail address already exists",
        "Account.InvalidEmail" => "the e-mail address is not valid",
        "Account.DisplayNameInvalid" => "the name is empty or longer than 100 characters",
        "Identity.PasswordTooShort" => "the password is shorter than 12 characters",
        "Identity.CommonPassword" => "the password is too common or too easy to guess",
        "Identity.PasswordInvalid" => "the password cannot be used",
        "Staff.OrganizationUnknown" => "no organization has this code",
        "Staff.AdminNeedsCoordinator" => "an admin belongs to the coordinating agency (KEIT)",
        _ => "the account could not be created",
    };

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }

    public static Command Match()
    {
        var partners = new Option<FileInfo>("--partners") { Description = "Overseas partners CSV (FORMATS.md).", Required = true };
        var requests = new Option<FileInfo>("--requests") { Description = "Partnership requests, JSON Lines (FORMATS.md).", Required = true };
        var top = new Option<int>("--top") { Description = "How many partners to list per request.", DefaultValueFactory = _ => 10 };
        var language = LanguageOption();
        var command = new Command("match", "Rank the partners of a CSV for each request of a JSON Lines file and print the results JSON (no database needed).");
        command.Options.Add(partners);
        command.Options.Add(requests);
        command.Options.Add(top);
        command.Options.Add(language);
        command.SetAction(async (parse, cancellationToken) => await RunOnFilesAsync(async () =>
        {
            var batch = CreateBatchMatching();
            using var partnersReader = OpenText(parse.GetValue(partners)!);
            using var requestsReader = OpenText(parse.GetValue(requests)!);
            var results = batch.Match(partnersReader, requestsReader, parse.GetValue(top), IsEnglish(parse.GetValue(language)));
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(results, MatchResultsJson.Options).AsMemory(), cancellationToken);
        }));
        return command;
    }

    public static Command Evaluate()
    {
        var partners = new Option<FileInfo>("--partners") { Description = "Overseas partners CSV (FORMATS.md).", Required = true };
        var requests = new Option<FileInfo>("--requests") { Description = "Partnership requests, JSON Lines (FORMATS.md).", Required = true };
        var expected = new Option<FileInfo>("--expected") { Description = "Judgements: JSON object of request id -> partner ids, best first.", Required = true };
        var language = LanguageOption();
        var command = new Command("evaluate", "Print hit@1, hit@3, hit@10, MRR and nDCG@10 of the engine against judged requests (no database needed).");
        command.Options.Add(partners);
        command.Options.Add(requests);
        command.Options.Add(expected);
        command.Options.Add(language);
        command.SetAction(async (parse, cancellationToken) => await RunOnFilesAsync(async () =>
        {
            var batch = CreateBatchMatching();
            using var partnersReader = OpenText(parse.GetValue(partners)!);
            using var requestsReader = OpenText(parse.GetValue(requests)!);
            using var expectedReader = OpenText(parse.GetValue(expected)!);
            var report = batch.Evaluate(partnersReader, requestsReader, expectedReader);
            await Console.Out.WriteAsync(EvaluationTable.Format(report, batch.EngineVersion, IsEnglish(parse.GetValue(language))).AsMemory(), cancellationToken);
        }));
        return command;
    }

    private static Option<string> LanguageOption()
    {
        var option = new Option<string>("--language") { Description = "Language of reasons and headings: ko (default) or en.", DefaultValueFactory = _ => "ko" };
        option.AcceptOnlyFromAmong("ko", "en");
        return option;
    }

    private static bool IsEnglish(string? language) => string.Equals(language, "en", StringComparison.Ordinal);

    /// <summary>The engine with the weights of appsettings.json and the environment (Matching__Weights__Technology=...): no host, no database.</summary>
    private static BatchMatching CreateBatchMatching()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var weights = new MatchingWeights();
        configuration.GetSection(MatchingServiceCollectionExtensions.WeightsSection).Bind(weights);
        if (!weights.IsValid())
        {
            throw new MatchInputException("Matching:Weights must be finite non-negative numbers that sum to 100.");
        }

        var reference = MatchingVocabularies.FromReferenceData();
        return new BatchMatching(new MatchingEngine(reference.Vocabulary, weights), reference);
    }

    private static StreamReader OpenText(FileInfo file)
    {
        try
        {
            return new StreamReader(file.FullName, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MatchInputException($"Cannot read {file.FullName}: {ex.Message}", ex);
        }
    }

    /// <summary>Bad input (missing file, invalid rows or lines, bad weights): a message and exit code 1, never a stack trace.</summary>
    private static async Task<int> RunOnFilesAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (MatchInputException ex)
        {
            await Console.Error.WriteLineAsync("cnc: " + ex.Message);
            foreach (var problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync("  " + problem);
            }

            return 1;
        }
        catch (DecoderFallbackException ex)
        {
            await Console.Error.WriteLineAsync("cnc: an input file is not valid UTF-8: " + ex.Message);
            return 1;
        }
    }

    internal static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddConsortiumServices(builder.Configuration);
        return builder.Build();
    }
}
