namespace CostInstrumentation.Cli;

/// <summary>The exit codes (DESIGN.md), so CI can gate on spend.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;
    public const int Database = 3;
    public const int BudgetWarning = 10;
    public const int BudgetLimit = 11;
    public const int MaxUsdExceeded = 12;
}
