using System;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation.Reports;
using Microsoft.Extensions.Hosting;

namespace CostInstrumentation.Hosting.Email;

/// <summary>Sends the spend digest on its schedule for as long as the host runs (nothing when the schedule is <c>Off</c>).</summary>
internal sealed class EmailDigestService(LlmCostEmail email, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EmailDigestOptions digest = email.Options.Digest;
        if (digest.Schedule == EmailDigestSchedule.Off)
        {
            return;
        }

        TimeZoneInfo zone = ReportZone.Resolve(digest.TimeZone, TimeZoneInfo.Local);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = clock.GetUtcNow();
            try
            {
                await Task.Delay(DigestSchedule.Next(digest, now, zone) - now, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await email.SendDigestAsync(digest.Schedule, stoppingToken).ConfigureAwait(false);
        }
    }
}
