using System.Threading;
using System.Threading.Tasks;

namespace CostInstrumentation.Hosting.Email;

/// <summary>
/// Budget alerts by e-mail: one message (plain text and HTML) per alert, queued, retried with backoff and reported once
/// when given up (<see cref="QueuedAlertChannel"/>), never thrown to the call that raised the alert.
/// </summary>
internal sealed class SmtpAlertChannel : QueuedAlertChannel
{
    private readonly SmtpSender _sender;
    private readonly string _subjectPrefix;

    internal SmtpAlertChannel(EmailAlertOptions options, LlmCostErrorReporter errors)
        : base(options.MaxAttempts, options.InitialDelay, options.Capacity, errors)
    {
        _sender = new SmtpSender(options);
        _subjectPrefix = options.SubjectPrefix;
        Start();
    }

    /// <inheritdoc />
    public override string Name => "email";

    /// <inheritdoc />
    protected override string Destination => _sender.Destination;

    /// <inheritdoc />
    protected override Task DeliverAsync(LlmBudgetAlertEventArgs alert, CancellationToken cancellationToken) =>
        _sender.SendAsync(AlertEmail.Compose(alert, _subjectPrefix), cancellationToken);

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
