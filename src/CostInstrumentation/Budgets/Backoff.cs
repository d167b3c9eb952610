namespace CostInstrumentation;

/// <summary>Retries with exponential backoff: what alert channels and e-mail digests do when a delivery fails.</summary>
internal static class Backoff
{
    /// <summary>The longest wait <see cref="Task.Delay(TimeSpan, CancellationToken)"/> takes (about 49.7 days); doubling stops there.</summary>
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Runs <paramref name="attempt"/> up to <paramref name="maxAttempts"/> times (at least once), waiting
    /// <paramref name="initialDelay"/> before the second and twice as long before each further one. Returns null once an
    /// attempt succeeds, else the last attempt's exception. Cancellation of <paramref name="cancellationToken"/> is thrown.
    /// </summary>
    internal static async Task<Exception?> RetryAsync(Func<CancellationToken, Task> attempt, int maxAttempts, TimeSpan initialDelay, CancellationToken cancellationToken)
    {
        TimeSpan delay = initialDelay < TimeSpan.Zero ? TimeSpan.Zero : initialDelay > LongestDelay ? LongestDelay : initialDelay;
        Exception? last = null;
        for (int number = 1; number <= Math.Max(1, maxAttempts); number++)
        {
            if (number > 1)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = delay >= LongestDelay / 2 ? LongestDelay : delay * 2;
            }

            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                last = exception;
            }
        }

        return last;
    }
}
