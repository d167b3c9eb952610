using System.CommandLine;
using System.IO;
using CostInstrumentation.Cli.Commands;
using CostInstrumentation.Cli.Tests.Harness;
using Spectre.Console.Testing;

namespace CostInstrumentation.Cli.Tests;

/// <summary>
/// The tool builds only the command family its first argument names (start-up, docs/performance.md §13): what a user
/// sees must be what the whole command tree gives.
/// </summary>
public sealed class CommandCatalogTests
{
    private static readonly CliEnvironment Environment = new()
    {
        Out = TextWriter.Null,
        Error = TextWriter.Null,
        Terminal = _ => new TestConsole(),
        Clock = TimeProvider.System,
        LocalZone = TimeZoneInfo.Utc,
        Variable = _ => null,
        CurrentDirectory = Path.GetTempPath(),
    };

    public static TheoryData<string> EveryName => [.. CommandCatalog.Families.SelectMany(family => family.Names)];

    [Fact]
    public void Each_family_lists_exactly_the_names_and_aliases_its_commands_answer_to()
    {
        foreach (CommandCatalog.Family family in CommandCatalog.Families)
        {
            string[] built = [.. family.Create(Environment).SelectMany(command => command.Aliases.Prepend(command.Name))];
            Assert.Equal(built.Order(StringComparer.Ordinal), family.Names.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Root_help_still_lists_every_command_and_alias()
    {
        CliResult result = CliRun.Run(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Help(CommandCatalog.Root(Environment), ["--help"]), result.Out);
        foreach (string name in CommandCatalog.Families.SelectMany(family => family.Names))
        {
            Assert.Contains(name, result.Out);
        }
    }

    [Theory]
    [MemberData(nameof(EveryName))]
    public void A_commands_help_is_the_same_as_from_the_whole_tree(string name)
    {
        CliResult result = CliRun.Run([name, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Help(CommandCatalog.Root(Environment), [name, "--help"]), result.Out);
    }

    [Fact]
    public void An_alias_resolves_to_its_command()
    {
        ParseResult parse = CommandCatalog.Root(Environment, ["by-conversation"]).Parse(["by-conversation", "--id", "s1"]);

        Assert.Empty(parse.Errors);
        Assert.Equal("sessions", parse.CommandResult.Command.Name);
        Assert.Single(parse.RootCommandResult.Command.Subcommands, command => command.Name == "sessions");
    }

    [Fact]
    public void A_typo_is_parsed_against_every_command()
    {
        RootCommand root = CommandCatalog.Root(Environment, ["statusln"]);

        Assert.Equal(CommandCatalog.Families.Sum(family => family.Create(Environment).Count()), root.Subcommands.Count);
        CliResult result = CliRun.Run(["statusln"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'statusln'", result.Error);
    }

    private static string Help(RootCommand root, string[] args)
    {
        StringWriter output = new();
        root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return output.ToString();
    }
}
