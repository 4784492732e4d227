using System.CommandLine;
using CarbonNeutralConsortium.Cli;

var root = new RootCommand("cnc: command-line tool of the Carbon-Neutral Consortium portal (글로벌 기술협력 협의체 포털)");
root.Subcommands.Add(Commands.Migrate());
root.Subcommands.Add(Commands.Seed());
root.Subcommands.Add(Commands.Admin());
return await root.Parse(args).InvokeAsync();
