namespace CostInstrumentation.Reports;

/// <summary>A report was asked for with arguments that do not make sense (a bad period, zone or filter); the message says why.</summary>
public sealed class ReportArgumentException : Exception
{
    /// <summary>Creates the exception with its one-sentence message.</summary>
    public ReportArgumentException(string message)
        : base(message)
    {
    }
}
