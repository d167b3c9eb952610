

namespace CostInstrumentation.Hosting.Email;

/// <summary>How often the spend digest is sent.</summary>
public enum EmailDigestSchedule
{
    /// <summary>No digest (the default).</summary>
    Off,

    /// <summary>Every day at <see cref="EmailDigestOptions.At"/>: yesterday's spend.</summary>
    Daily,

    /// <summary>Every week on <see cref="EmailDigestOptions.Day"/> at <see cref="EmailDigestOptions.At"/>: last week's spend (ISO weeks, Monday first).</summary>
    Weekly,
}
