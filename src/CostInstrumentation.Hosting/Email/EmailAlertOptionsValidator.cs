using System;
using System.Collections.Generic;
using CostInstrumentation.Reports;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CostInstrumentation.Hosting.Email;

/// <summary>Checks <see cref="EmailAlertOptions"/> at start-up; each failure names its configuration key under <paramref name="sectionPath"/>.</summary>
internal sealed class EmailAlertOptionsValidator(string sectionPath) : IValidateOptions<EmailAlertOptions>
{
    private const int MaxTop = 100;

    /// <summary>For options set in code, outside dependency injection: throws the failures, keys named <c>Email:…</c>.</summary>
    internal static void ThrowIfInvalid(EmailAlertOptions options)
    {
        if (new EmailAlertOptionsValidator("Email").Validate(null, options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(nameof(EmailAlertOptions), typeof(EmailAlertOptions), invalid.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, EmailAlertOptions options)
    {
        List<string> failures = [];
        void Fail(string key, string problem) => failures.Add($"{sectionPath}:{key}: {problem}");

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            Fail("Host", "the SMTP server's host name is missing.");
        }

        if (options.Port is < 1 or > 65535)
        {
            Fail("Port", $"{options.Port} is not a TCP port (1 to 65535).");
        }

        if (!EmailAddresses.TryParse(options.From, out _))
        {
            Fail("From", $"'{options.From}' is not an e-mail address.");
        }

        if (options.To.Count == 0)
        {
            Fail("To", "no recipient: list at least one address.");
        }

        for (int i = 0; i < options.To.Count; i++)
        {
            if (!EmailAddresses.TryParse(options.To[i], out _))
            {
                Fail($"To:{i}", $"'{options.To[i]}' is not an e-mail address.");
            }
        }

        if (options.Password is not null && string.IsNullOrEmpty(options.UserName))
        {
            Fail("UserName", "a password is set without the user name it belongs to.");
        }

        if (options.MaxAttempts < 1)
        {
            Fail("MaxAttempts", $"{options.MaxAttempts}: at least one attempt is needed.");
        }

        if (options.InitialDelay < TimeSpan.Zero)
        {
            Fail("InitialDelay", $"{options.InitialDelay} is negative.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout.TotalMilliseconds > int.MaxValue)
        {
            Fail("Timeout", $"{options.Timeout} is not a timeout (more than zero, less than 24 days).");
        }

        if (options.Capacity < 1)
        {
            Fail("Capacity", $"{options.Capacity}: the queue needs room for at least one alert.");
        }

        ValidateDigest(options.Digest, Fail);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateDigest(EmailDigestOptions digest, Action<string, string> fail)
    {
        if (!Enum.IsDefined(digest.Schedule))
        {
            fail("Digest:Schedule", $"{digest.Schedule} is not Off, Daily or Weekly.");
        }

        if (digest.Schedule != EmailDigestSchedule.Off && string.IsNullOrWhiteSpace(digest.Database))
        {
            fail("Digest:Database", "a digest needs the SQLite cost database it reads.");
        }

        if (digest.Top is < 1 or > MaxTop)
        {
            fail("Digest:Top", $"{digest.Top} is not between 1 and {MaxTop}.");
        }

        try
        {
            ReportZone.Resolve(digest.TimeZone, TimeZoneInfo.Local);
        }
        catch (ReportArgumentException)
        {
            fail("Digest:TimeZone", $"'{digest.TimeZone}' is not a time zone: use local, utc or an IANA id such as Europe/Berlin.");
        }
    }
}
