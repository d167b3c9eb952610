using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting;

/// <summary>
/// Ties the pipeline to the host's life: built before any hosted service starts (so start-up fails on a bad value or
/// pricing file, and a service's first call is recorded), lent to <see cref="LlmCostTracker"/> so generated shims
/// record to it, and flushed — then exported, then handed back — after every hosted service has stopped. The container
/// disposes the pipeline with the host.
/// </summary>
internal sealed class LlmCostTrackingLifetime(IServiceProvider services) : IHostedLifecycleService, IDisposable
{
    private LlmCostPipeline? _pipeline;
    private IDisposable? _lease;
    private DateTimeOffset _startedUtc;

    // Read at start, not at stop: a WebApplicationFactory's disposal and the app's own RunAsync both stop the host, and the
    // second may dispose the container while the first is still in StoppedAsync.
    private ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private LlmCostTrackingOptions Tracking { get; set; } = new();

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _startedUtc = DateTimeOffset.UtcNow;
        Logger = services.GetService<ILoggerFactory>()?.CreateLogger(LlmCostPipelineFactory.LogCategory) ?? Logger;
        Tracking = services.GetRequiredService<IOptions<LlmCostTrackingOptions>>().Value;
        _pipeline = services.GetRequiredService<LlmCostPipeline>();
        if (!Tracking.Enabled)
        {
            HostingLog.Disabled(Logger);
            return Task.CompletedTask;
        }

        _lease = LlmCostTracker.Use(_pipeline);
        HostingLog.Started(Logger, Tracking.SqlitePath ?? "(no database)", _pipeline.GetBudgetStatus().Count, LlmPricing.Version);
        return Task.CompletedTask;
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is null || _lease is null)
        {
            return;
        }

        try
        {
            await _pipeline.FlushAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.Flushed(Logger);
            if (Tracking is { ExportOnExit: { } file, SqlitePath: { } database })
            {
                ExportOnExit.Write(database, file, _startedUtc, Logger);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            HostingLog.FlushTimedOut(Logger);
        }
        finally
        {
            _lease.Dispose();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A host whose start failed after this one started is disposed without stopping: the tracker is handed back here.</summary>
    public void Dispose() => _lease?.Dispose();
}
