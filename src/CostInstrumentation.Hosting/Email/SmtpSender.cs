using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CostInstrumentation.Hosting.Email;

/// <summary>
/// Sends one message per SMTP session (connect, authenticate, send, quit): alerts are rare, and a fresh connection has
/// no stale state to recover from between retries.
/// </summary>
internal sealed class SmtpSender(EmailAlertOptions options)
{
    private readonly MailboxAddress _from = EmailAddresses.Parse(options.From);
    private readonly MailboxAddress[] _to = [.. options.To.Select(EmailAddresses.Parse)];

    /// <summary>Where messages go, for messages about them: <c>e-mail to ops@example.com via smtp.example.com:587</c>.</summary>
    public string Destination => $"e-mail to {string.Join(", ", _to.Select(a => a.Address))} via {options.Host}:{options.Port}";

    /// <summary>One attempt; throws what MailKit throws (refused connection, rejected recipient, timeout).</summary>
    public async Task SendAsync(EmailDocument document, CancellationToken cancellationToken)
    {
        using MimeMessage message = document.ToMessage(_from, _to);
        using SmtpClient client = new() { Timeout = (int)options.Timeout.TotalMilliseconds };
        using CancellationTokenSource attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.Timeout);
        await client.ConnectAsync(options.Host ?? string.Empty, options.Port, SecureSocket(options.Tls), attempt.Token).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, attempt.Token).ConfigureAwait(false);
        }

        await client.SendAsync(message, attempt.Token).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, attempt.Token).ConfigureAwait(false);
    }

    private static SecureSocketOptions SecureSocket(EmailTlsMode mode) => mode switch
    {
        EmailTlsMode.Implicit => SecureSocketOptions.SslOnConnect,
        EmailTlsMode.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        EmailTlsMode.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
