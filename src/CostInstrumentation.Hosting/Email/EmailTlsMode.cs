

namespace CostInstrumentation.Hosting.Email;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum EmailTlsMode
{
    /// <summary>Upgrade with STARTTLS and refuse a server that does not offer it (port 587; the default).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Implicit,

    /// <summary>Upgrade with STARTTLS when the server offers it, else send in the clear.</summary>
    StartTlsWhenAvailable,

    /// <summary>No encryption: only for a relay on the same host or network (and tests).</summary>
    None,
}
