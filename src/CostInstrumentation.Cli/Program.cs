using CostInstrumentation.Cli;

if (!NativeFront.IsFullTool && !NativeFront.Answers(args, Environment.GetEnvironmentVariable("LLMCOST_DB")))
{
    return NativeFront.HandOn(args, Console.Error);
}

CliEnvironment environment = CliEnvironment.FromProcess();
int exitCode = CliApp.Run(args, environment);
environment.Out.Flush();
return exitCode;
