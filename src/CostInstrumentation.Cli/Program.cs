using CostInstrumentation.Cli;

return CliApp.Run(args, CliEnvironment.FromProcess());
