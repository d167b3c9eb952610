using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation.Reports;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting.Email;

/// <summary>
/// E-mail on demand: a test alert through the configured SMTP server, and the spend digest now (the scheduled one is
/// sent by the hosted service <c>AddLlmCostEmailAlerts</c> registers). Failures are reported once on the cost pipeline's
/// error reporter (<see cref="LlmCostErrorKind.AlertDeliveryFailed"/>), never thrown.
/// </summary>
public sealed class LlmCostEmail
{
    private readonly SmtpSender _sender;
    private readonly TimeProvider _clock;
    private readonly Func<LlmCostErrorReporter> _errors;

    /// <summary>Sends with <paramref name="options"/>; problems go to <paramref name="pipeline"/>, else to <see cref="LlmCostTracker.Error"/>.</summary>
    public LlmCostEmail(EmailAlertOptions options, LlmCostPipeline? pipeline = null, TimeProvider? clock = null)
        : this(options, clock ?? TimeProvider.System, pipeline is null ? static () => null : () => pipeline)
    {
    }

    /// <summary>
    /// For dependency injection: the pipeline is asked for only when a problem is reported, because building it may ask
    /// for e-mail alerts in turn.
    /// </summary>
    internal LlmCostEmail(EmailAlertOptions options, TimeProvider clock, Func<LlmCostPipeline?> pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmailAlertOptionsValidator.ThrowIfInvalid(options);
        Options = options;
        _sender = new SmtpSender(options);
        _clock = clock;
        _errors = () => (pipeline() ?? LlmCostTracker.Current).Errors;
    }

    /// <summary>The options it sends with.</summary>
    public EmailAlertOptions Options { get; }

    /// <summary>Sends the test alert once, with no retry, and says how it went.</summary>
    public async Task<LlmAlertTestResult> SendTestAlertAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _sender.SendAsync(AlertEmail.Compose(BudgetTestAlert.Create(_clock.GetUtcNow()), Options.SubjectPrefix), cancellationToken).ConfigureAwait(false);
            return new LlmAlertTestResult("email", true, $"Delivered to {_sender.Destination}.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new LlmAlertTestResult("email", false, $"Not delivered to {_sender.Destination}: {exception.Message}");
        }
    }

    /// <summary>
    /// Sends the digest of <paramref name="schedule"/> (<see cref="EmailDigestSchedule.Daily"/>: yesterday,
    /// <see cref="EmailDigestSchedule.Weekly"/>: last week) read from <see cref="EmailDigestOptions.Database"/> now,
    /// retried with backoff. Returns whether it was sent; a failure is reported once, not thrown.
    /// </summary>
    public async Task<bool> SendDigestAsync(EmailDigestSchedule schedule, CancellationToken cancellationToken = default)
    {
        if (schedule == EmailDigestSchedule.Off)
        {
            throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Send a Daily or a Weekly digest.");
        }

        EmailDocument document;
        try
        {
            TimeZoneInfo zone = ReportZone.Resolve(Options.Digest.TimeZone, TimeZoneInfo.Local);
            using CostReports reports = CostReports.Open(Options.Digest.Database ?? throw new InvalidOperationException("Email:Digest:Database names no cost database."));
            document = DigestEmail.Compose(reports, schedule, _clock.GetUtcNow(), zone, Options.Digest.Top, Options.SubjectPrefix);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _errors().Report(LlmCostErrorKind.AlertDeliveryFailed, $"The {schedule} digest could not be read from the cost database: {exception.Message}", exception);
            return false;
        }

        if (await Backoff.RetryAsync(token => _sender.SendAsync(document, token), Options.MaxAttempts, Options.InitialDelay, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            _errors().Report(LlmCostErrorKind.AlertDeliveryFailed, $"The {schedule} digest could not be delivered to {_sender.Destination} after {Math.Max(1, Options.MaxAttempts)} attempts: {failure.Message}", failure);
            return false;
        }

        return true;
    }
}
