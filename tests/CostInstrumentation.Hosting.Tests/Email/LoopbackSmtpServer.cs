using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace CostInstrumentation.Hosting.Tests.Email;

/// <summary>
/// A small real SMTP server on loopback (RFC 5321: greeting, EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing,
/// RSET, NOOP, QUIT) that keeps every message it accepts. It can turn the first sessions away (<c>refuseFirst</c>, answering
/// the greeting with 421) to exercise retries.
/// </summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly List<Task> _sessions = [];
    private readonly List<ReceivedMail> _messages = [];
    private readonly SemaphoreSlim _received = new(0);
    private int _refuseFirst;
    private int _sessionCount;

    public LoopbackSmtpServer(int refuseFirst = 0)
    {
        _refuseFirst = refuseFirst;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far (refused ones included).</summary>
    public int Sessions => Volatile.Read(ref _sessionCount);

    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Waits for the next accepted message (each call consumes one).</summary>
    public async Task<ReceivedMail> NextAsync()
    {
        if (!await _received.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("No message reached the loopback SMTP server within 30 seconds.");
        }

        lock (_messages)
        {
            return _messages[^1];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).ContinueWith(static _ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    /// <summary>A port on which nothing listens: a connection there is refused at once.</summary>
    public static int UnusedPort()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            Interlocked.Increment(ref _sessionCount);
            lock (_sessions)
            {
                _sessions.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            using StreamReader reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            await using StreamWriter writer = new(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            if (Interlocked.Decrement(ref _refuseFirst) >= 0)
            {
                await writer.WriteLineAsync("421 4.3.2 localhost busy, try again later");
                return;
            }

            await writer.WriteLineAsync("220 localhost ESMTP loopback test server");
            string? from = null;
            string? user = null;
            List<string> recipients = [];
            while (await reader.ReadLineAsync(_stopping.Token) is { } line)
            {
                string verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost greets you\r\n250-8BITMIME\r\n250 AUTH PLAIN");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "AUTH":
                        user = Plain(line[4..].Trim());
                        await writer.WriteLineAsync(user is null ? "535 5.7.8 bad credentials" : "235 2.7.0 authenticated");
                        break;
                    case "MAIL":
                        from = Address(line);
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.1.0 ok");
                        break;
                    case "RCPT":
                        recipients.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end data with <CR><LF>.<CR><LF>");
                        string data = await ReadDataAsync(reader);
                        await writer.WriteLineAsync("250 2.0.0 queued");
                        Accept(new ReceivedMail(from ?? "", [.. recipients], user, MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)))));
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.0.0 ok");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 ok");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 command not implemented");
                        break;
                }
            }
        }
    }

    private void Accept(ReceivedMail mail)
    {
        lock (_messages)
        {
            _messages.Add(mail);
        }

        _received.Release();
    }

    /// <summary>The lines up to the lone dot, with a leading dot removed from each line that had one doubled.</summary>
    private async Task<string> ReadDataAsync(StreamReader reader)
    {
        StringBuilder data = new();
        while (await reader.ReadLineAsync(_stopping.Token) is { } line && line != ".")
        {
            data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
        }

        return data.ToString();
    }

    /// <summary>The user of an <c>AUTH PLAIN base64(\0user\0password)</c> line, or null when it does not decode.</summary>
    private static string? Plain(string argument)
    {
        string[] parts = argument.Split(' ', 2);
        if (parts.Length != 2 || !parts[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string[] fields = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])).Split('\0');
        return fields.Length == 3 ? $"{fields[1]}:{fields[2]}" : null;
    }

    private static string Address(string line)
    {
        int start = line.IndexOf('<', StringComparison.Ordinal);
        int end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }
}

/// <summary>What the server accepted: the envelope, the authenticated <c>user:password</c>, and the parsed message.</summary>
internal sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? Credentials, MimeMessage Message)
{
    public string Text => Message.TextBody ?? "";

    public string Html => Message.HtmlBody ?? "";
}
