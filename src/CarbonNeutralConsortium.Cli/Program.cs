using System.CommandLine;
using CarbonNeutralConsortium.Cli;
using Npgsql;

var root = new RootCommand("cnc: command-line tool of the Carbon-Neutral Consortium portal (글로벌 기술협력 협의체 포털)");
root.Subcommands.Add(Commands.Migrate());
root.Subcommands.Add(Commands.Seed());
root.Subcommands.Add(Commands.Admin());
root.Subcommands.Add(Commands.Match());
root.Subcommands.Add(Commands.Evaluate());
root.Subcommands.Add(Commands.Stats());
root.Subcommands.Add(GenerateCommand.Create());

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException { InnerException: NpgsqlException })
{
    // An operator's problem (server down, wrong password, no such database), not a bug: no stack trace.
    await Console.Error.WriteLineAsync($"cnc: cannot use the database: {(ex as NpgsqlException ?? ex.InnerException)!.Message}");
    return 2;
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("ConnectionStrings:Default", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync("cnc: " + ex.Message);
    return 2;
}
