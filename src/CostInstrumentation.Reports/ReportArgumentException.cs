namespace CostInstrumentation.Reports;

/// <summary>A report was asked for with arguments that do not make sense (a bad period, zone or filter); the message says why.</summary>
public class ReportArgumentException : Exception
{
    /// <summary>Creates the exception with its one-sentence message.</summary>
    public ReportArgumentException(string message)
        : base(message)
    {
    }
}

/// <summary>The budget or alert an argument names does not exist (a REST view answers 404; the CLI treats it as a bad argument).</summary>
public sealed class ReportNotFoundException : ReportArgumentException
{
    /// <summary>Creates the exception with its one-sentence message.</summary>
    public ReportNotFoundException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The change asked for conflicts with what is there: a budget declared in code or options (changed where it is declared),
/// or a second entered budget with the same scope and period. A REST view answers 409 with the reason.
/// </summary>
public sealed class ReportConflictException : ReportArgumentException
{
    /// <summary>Creates the exception with its one-sentence reason.</summary>
    public ReportConflictException(string message)
        : base(message)
    {
    }
}
