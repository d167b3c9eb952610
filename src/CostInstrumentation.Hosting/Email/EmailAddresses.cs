using System;
using MimeKit;

namespace CostInstrumentation.Hosting.Email;

/// <summary>Reads the configured addresses: <c>ops@example.com</c> or <c>Ops &lt;ops@example.com&gt;</c>, one mailbox each.</summary>
internal static class EmailAddresses
{
    internal static bool TryParse(string? text, out MailboxAddress address)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(text, out MailboxAddress? parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    internal static MailboxAddress Parse(string? text) =>
        TryParse(text, out MailboxAddress address) ? address : throw new FormatException($"'{text}' is not an e-mail address.");
}
