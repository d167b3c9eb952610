using System.CommandLine;
using CostInstrumentation.Cli.Commands;

namespace CostInstrumentation.Cli;

/// <summary>Parses the command line and runs the command; a parse error is one message and exit code 2.</summary>
internal static class CliApp
{
    public static int Run(string[] args, CliEnvironment environment)
    {
        RootCommand root = CommandCatalog.Root(environment, args);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !NativeFront.IsFullTool)
        {
            // The native front carries only the report commands: the full tool parses the rest, or says what is wrong.
            return NativeFront.HandOn(args, environment.Error);
        }

        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                environment.Error.WriteLine($"llmcost: {error.Message}");
            }

            environment.Error.WriteLine("Run 'llmcost --help' for the commands and options.");
            return ExitCodes.BadArguments;
        }

        return parse.Invoke(new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false });
    }
}
