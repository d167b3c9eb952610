using System;

namespace CostInstrumentation.Hosting.Email;

/// <summary>The spend digest: when it is sent, which database it reads and what it shows (<c>Email:Digest</c>).</summary>
public sealed class EmailDigestOptions
{
    /// <summary><c>Off</c>, <c>Daily</c> (yesterday's spend) or <c>Weekly</c> (last week's).</summary>
    public EmailDigestSchedule Schedule { get; set; } = EmailDigestSchedule.Off;

    /// <summary>The local time of day it is sent (default 08:00 in <see cref="TimeZone"/>).</summary>
    public TimeOnly At { get; set; } = new(8, 0);

    /// <summary>The day a weekly digest is sent (default Monday).</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>The zone days and weeks are counted in: <c>local</c> (default), <c>utc</c> or an IANA id such as <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "local";

    /// <summary>The SQLite cost database the digest reads (the one the application records to).</summary>
    public string? Database { get; set; }

    /// <summary>How many top models, projects, tags, sessions and operations it lists (default 5).</summary>
    public int Top { get; set; } = 5;
}
