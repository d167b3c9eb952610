using System;
using System.Threading.Tasks;
using CostInstrumentation.Hosting.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CostInstrumentation.Hosting.Tests.Email;

/// <summary>When digests are due (in the digest's zone, across DST), and the hosted service sending one when its time comes.</summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-11-18T06:30:00Z", EmailDigestSchedule.Daily, "08:00", "2026-11-18T07:00:00Z")] // 07:30 in Berlin: today at 08:00
    [InlineData("2026-11-18T07:00:00Z", EmailDigestSchedule.Daily, "08:00", "2026-11-19T07:00:00Z")] // exactly due: the next one
    [InlineData("2026-11-18T07:00:00Z", EmailDigestSchedule.Weekly, "08:00", "2026-11-23T07:00:00Z")] // Wednesday: next Monday
    [InlineData("2026-03-29T00:00:00Z", EmailDigestSchedule.Daily, "02:30", "2026-03-29T01:00:00Z")] // 02:30 does not exist that night: 03:00 CEST
    [InlineData("2026-10-24T12:00:00Z", EmailDigestSchedule.Daily, "08:00", "2026-10-25T07:00:00Z")] // back to CET: 08:00 is 07:00 UTC again
    public void TheNextDigest_IsDueAtTheLocalTime(string now, EmailDigestSchedule schedule, string at, string expected)
    {
        EmailDigestOptions options = new() { Schedule = schedule, At = TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture) };

        DateTimeOffset next = DigestSchedule.Next(options, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Berlin);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public async Task TheHostedService_SendsTheDailyDigest_WhenTheClockReachesItsTime()
    {
        await using LoopbackSmtpServer server = new();
        string database = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"digest-schedule-{Guid.NewGuid():N}.db");
        await using (LlmCostPipeline recorder = LlmCostPipeline.Create(options => options.UseSqlite(database)))
        {
            recorder.Record(EmailTestData.Call(new DateTimeOffset(2026, 11, 17, 12, 0, 0, TimeSpan.Zero), 0.42m));
        }

        FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 18, 7, 0, 0, TimeSpan.Zero));
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddLlmCostEmailAlerts(email =>
        {
            EmailTestData.PointAt(email, server.Port);
            email.Digest.Schedule = EmailDigestSchedule.Daily;
            email.Digest.TimeZone = "utc";
            email.Digest.Database = database;
        });
        using IHost host = builder.Build();
        await host.StartAsync();

        // Ten-minute steps up to 08:00 UTC; the service waits on the fake clock, so no real time has to pass.
        Task<ReceivedMail> next = server.NextAsync();
        for (int step = 0; step < 7 && !next.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.WhenAny(next, Task.Delay(100));
        }

        ReceivedMail mail = await next;
        await host.StopAsync();
        Assert.Equal("[LLM cost] Daily digest 2026-11-17: 0.42 USD", mail.Message.Subject);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.File.Delete(database);
    }
}
