using System;
using System.Collections.Generic;
using CostInstrumentation.Hosting.Email;

namespace CostInstrumentation.Hosting.Tests.Email;

/// <summary>Options pointing at a loopback server, and calls to record.</summary>
internal static class EmailTestData
{
    public static EmailAlertOptions Options(int port, Action<EmailAlertOptions>? adjust = null)
    {
        EmailAlertOptions options = new()
        {
            Host = "127.0.0.1",
            Port = port,
            Tls = EmailTlsMode.None,
            From = "LLM costs <costs@example.test>",
            To = ["ops@example.test", "finance@example.test"],
            MaxAttempts = 3,
            InitialDelay = TimeSpan.FromMilliseconds(10),
            Timeout = TimeSpan.FromSeconds(20),
        };
        adjust?.Invoke(options);
        return options;
    }

    /// <summary>Points options set in code (<c>AddLlmCostEmailAlerts(email => …)</c>) at a loopback server.</summary>
    public static void PointAt(EmailAlertOptions email, int port)
    {
        EmailAlertOptions loopback = Options(port);
        (email.Host, email.Port, email.Tls, email.From, email.To) = (loopback.Host, loopback.Port, loopback.Tls, loopback.From, loopback.To);
    }

    public static LlmCallRecord Call(DateTimeOffset at, decimal? costUsd, string model = "gpt-4o", string? project = null, string? session = null, IReadOnlyList<string>? tags = null, string operation = "Shop.Assistant.Ask") => new()
    {
        TimestampUtc = at,
        Provider = "openai",
        Model = model,
        Operation = operation,
        CallSite = "Assistant.cs:12",
        Project = project,
        SessionId = session,
        Tags = tags ?? [],
        Usage = new LlmUsage(1_000, 100),
        CostUsd = costUsd,
        Outcome = LlmCallOutcome.Ok,
        PricingVersion = costUsd is null ? null : "test",
        PricingError = costUsd is null ? "not priced" : null,
    };
}
