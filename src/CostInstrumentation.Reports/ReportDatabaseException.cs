namespace CostInstrumentation.Reports;

/// <summary>Why a cost database could not be read.</summary>
public enum ReportDatabaseProblem
{
    /// <summary>No file at the path, or no ledger in the server's database.</summary>
    Missing,

    /// <summary>Not a SQLite file, or a SQLite file that is not a cost database, or damaged.</summary>
    Corrupt,

    /// <summary>Written by a newer version of CostInstrumentation (a newer schema).</summary>
    Newer,

    /// <summary>Another process holds a lock that keeps it from being read or written now.</summary>
    Locked,

    /// <summary>The database server (a shared PostgreSQL ledger) cannot be reached now.</summary>
    Unreachable,

    /// <summary>The database server refused the login, or the user may not read the ledger.</summary>
    Denied,
}

/// <summary>The cost database could not be opened or read; the message is one sentence for the user.</summary>
public sealed class ReportDatabaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReportDatabaseException(ReportDatabaseProblem problem, string message, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
    }

    /// <summary>What is wrong with the database.</summary>
    public ReportDatabaseProblem Problem { get; }

    /// <summary>The first sentence of a database's message (they go on with details meant for developers).</summary>
    internal static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
