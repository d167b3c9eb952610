using CostInstrumentation.Cli;

CliEnvironment environment = CliEnvironment.FromProcess();
int exitCode = CliApp.Run(args, environment);
environment.Out.Flush();
return exitCode;
