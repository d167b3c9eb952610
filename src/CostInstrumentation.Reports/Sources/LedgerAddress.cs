using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace CostInstrumentation.Reports;

/// <summary>
/// Tells a shared ledger's address — a PostgreSQL connection string (<c>Host=…;Database=…</c>) or a <c>postgresql://</c>
/// URI — from a SQLite file's path, and turns it into Npgsql's connection string.
/// </summary>
internal static partial class LedgerAddress
{
    /// <summary>libpq's URI parameters under the names Npgsql knows them by; any other is passed on as a keyword.</summary>
    private static readonly Dictionary<string, string> UriParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["options"] = "Options",
    };

    /// <summary>Whether <paramref name="database"/> names a PostgreSQL server rather than a file.</summary>
    internal static bool IsLedger(string database) =>
        database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || HostKeyword().IsMatch(database);

    /// <summary>The Npgsql connection string of <paramref name="address"/>.</summary>
    /// <exception cref="ReportArgumentException">It is neither a valid connection string nor a valid URI.</exception>
    internal static NpgsqlConnectionStringBuilder Parse(string address)
    {
        try
        {
            return address.Contains("://", StringComparison.Ordinal) ? FromUri(new Uri(address)) : new NpgsqlConnectionStringBuilder(address);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The message names the keyword or the part that is wrong, never the password.
            throw new ReportArgumentException(
                $"The database is neither a PostgreSQL connection string (Host=…;Database=…) nor a postgresql:// URI Npgsql accepts: {ReportDatabaseException.FirstSentence(exception.Message)}");
        }
    }

    /// <summary>How the ledger is shown to people: its server, database and user, never the password.</summary>
    internal static string Display(NpgsqlConnectionStringBuilder connection) => string.Create(CultureInfo.InvariantCulture,
        $"postgresql://{(connection.Username is { Length: > 0 } user ? Uri.EscapeDataString(user) + "@" : "")}{connection.Host}:{connection.Port}/{connection.Database}");

    private static NpgsqlConnectionStringBuilder FromUri(Uri uri)
    {
        if (uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new FormatException($"the scheme is '{uri.Scheme}', not postgresql.");
        }

        NpgsqlConnectionStringBuilder builder = new() { Host = uri.IdnHost };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            string[] user = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(user[0]);
            if (user.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(user[1]);
            }
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(parts[0]);
            builder[UriParameters.GetValueOrDefault(key, key)] = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
        }

        return builder;
    }

    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKeyword();
}
