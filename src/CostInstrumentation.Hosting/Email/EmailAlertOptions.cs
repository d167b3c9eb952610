using System;
using System.Collections.Generic;

namespace CostInstrumentation.Hosting.Email;

/// <summary>
/// Budget alerts and spend digests by e-mail: the SMTP server, the sender and recipients, retries and the digest
/// (configuration section <c>Email</c> of <c>CostInstrumentation</c>).
/// </summary>
public sealed class EmailAlertOptions
{
    /// <summary>The SMTP server's host name or address.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP server's port (default 587, submission with STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured (default <see cref="EmailTlsMode.StartTls"/>).</summary>
    public EmailTlsMode Tls { get; set; } = EmailTlsMode.StartTls;

    /// <summary>The user name to authenticate with; none when null.</summary>
    public string? UserName { get; set; }

    /// <summary>The password to authenticate with (keep it in user secrets or the environment, not appsettings.json).</summary>
    public string? Password { get; set; }

    /// <summary>The sender: <c>costs@example.com</c> or <c>LLM costs &lt;costs@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>The recipients (at least one).</summary>
    public List<string> To { get; set; } = [];

    /// <summary>What every subject starts with (default <c>[LLM cost]</c>).</summary>
    public string SubjectPrefix { get; set; } = "[LLM cost]";

    /// <summary>Attempts per message, the first included (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; each further wait doubles (default 2 seconds).</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one attempt (connect, send, quit) may take (default 30 seconds).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Alerts waiting to be sent beyond this many are dropped and reported (default 100).</summary>
    public int Capacity { get; set; } = 100;

    /// <summary>The spend digest.</summary>
    public EmailDigestOptions Digest { get; set; } = new();
}
