using System.CommandLine;
using System.Security.Cryptography;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Seed;
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

    private static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddConsortiumServices(builder.Configuration);
        return builder.Build();
    }
}
