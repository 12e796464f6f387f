using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace LinkWorker.Testing;

/// <summary>Where <see cref="FakeSmtpServer.RejectNext"/> answers "451 try later".</summary>
public enum SmtpRejection
{
    /// <summary>At RCPT TO: the recipient is refused before any content is sent.</summary>
    Recipient,

    /// <summary>After the content's final ".": the server has the message and refuses it.</summary>
    Data,
}

/// <summary>A message the fake SMTP server accepted. <see cref="Data"/> is the content as sent (headers and MIME body).</summary>
public sealed partial record SmtpMessage(string From, IReadOnlyList<string> Recipients, string Data)
{
    /// <summary>The Subject header, unfolded and with RFC 2047 encoded words decoded.</summary>
    public string Subject => DecodeWords(Header("Subject") ?? "");

    /// <summary>The body of a single-part message, decoded from quoted-printable or base64.</summary>
    public string Body
    {
        get
        {
            var separator = Data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var raw = separator < 0 ? "" : Data[(separator + 4)..];
            var charset = CharsetPattern().Match(Header("Content-Type") ?? "") is { Success: true } m ? m.Groups[1].Value : "utf-8";
            var encoding = Encoding.GetEncoding(charset);
            return (Header("Content-Transfer-Encoding") ?? "7bit").Trim().ToUpperInvariant() switch
            {
                "BASE64" => encoding.GetString(Convert.FromBase64String(raw.Replace("\r\n", "", StringComparison.Ordinal))),
                "QUOTED-PRINTABLE" => encoding.GetString(DecodeQuotedPrintable(raw.Replace("=\r\n", "", StringComparison.Ordinal), underscoreIsSpace: false)),
                _ => raw,
            };
        }
    }

    /// <summary>A header's value with folded lines joined, or null.</summary>
    public string? Header(string name)
    {
        var separator = Data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = (separator < 0 ? Data : Data[..separator]).Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && string.Equals(line[..colon].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string DecodeWords(string value)
    {
        // Adjacent encoded words are separated by folding white space that is not part of the text.
        var joined = AdjacentWordsPattern().Replace(value, "?==?");
        return EncodedWordPattern().Replace(joined, m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups["charset"].Value);
            var text = m.Groups["text"].Value;
            var bytes = string.Equals(m.Groups["kind"].Value, "B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(text)
                : DecodeQuotedPrintable(text, underscoreIsSpace: true);
            return encoding.GetString(bytes);
        });
    }

    private static byte[] DecodeQuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length &&
                byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(underscoreIsSpace && text[i] == '_' ? " " : text[i].ToString()));
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"charset=""?([^"";\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetPattern();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentWordsPattern();

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<kind>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWordPattern();
}

/// <summary>
/// A tiny SMTP server on 127.0.0.1 and a free port for tests: accepts every message (EHLO/HELO, MAIL, RCPT, DATA,
/// RSET, NOOP, QUIT; no TLS, no AUTH) and records it, or refuses the next few with "451 try later".
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<SmtpMessage> _messages = [];
    private readonly List<Task> _sessions = [];
    private readonly Task _acceptLoop;
    private int _rejectRemaining;
    private SmtpRejection _rejectAt;
    private int _rejected;

    private FakeSmtpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoop);
    }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    /// <summary>The messages accepted so far, in order.</summary>
    public IReadOnlyList<SmtpMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>How many messages were refused with 451.</summary>
    public int RejectedCount
    {
        get
        {
            lock (_lock)
            {
                return _rejected;
            }
        }
    }

    public static FakeSmtpServer Start() => new();

    /// <summary>Refuses the next <paramref name="count"/> messages with "451 try later" at <paramref name="at"/>.</summary>
    public void RejectNext(int count, SmtpRejection at = SmtpRejection.Data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            _rejectRemaining = count;
            _rejectAt = at;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted; throws a <see cref="TimeoutException"/> otherwise.</summary>
    public async Task<IReadOnlyList<SmtpMessage>> WaitForMessages(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = Messages;
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} e-mail(s) within {timeout}; got {messages.Count}.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Task[] sessions;
        lock (_lock)
        {
            sessions = [.. _sessions];
        }

        try
        {
            await Task.WhenAll([_acceptLoop, .. sessions]);
        }
        catch (OperationCanceledException)
        {
        }

        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _sessions.RemoveAll(t => t.IsCompleted);
                _sessions.Add(Task.Run(() => Session(client)));
            }
        }
    }

    private async Task Session(TcpClient client)
    {
        using (client)
        {
            try
            {
                await Converse(client.GetStream(), _stopping.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up or the server is stopping.
            }
        }
    }

    private async Task Converse(NetworkStream stream, CancellationToken cancellationToken)
    {
        // Without 8BITMIME or SMTPUTF8 the client sends 7-bit text, so ASCII is exact.
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        await using var writer = new StreamWriter(stream, Encoding.ASCII, 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };

        string? from = null;
        var recipients = new List<string>();

        await writer.WriteLineAsync("220 fake-smtp ready");
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                case "HELO":
                    from = null;
                    recipients.Clear();
                    await writer.WriteLineAsync("250 fake-smtp");
                    break;
                case "MAIL":
                    from = Address(line);
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT" when from is null:
                    await writer.WriteLineAsync("503 MAIL first");
                    break;
                case "RCPT":
                    if (recipients.Count == 0 && TakeRejection(SmtpRejection.Recipient))
                    {
                        await writer.WriteLineAsync("451 try later");
                        break;
                    }

                    recipients.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA" when from is null || recipients.Count == 0:
                    await writer.WriteLineAsync("503 RCPT first");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = await ReadData(reader, cancellationToken);
                    if (TakeRejection(SmtpRejection.Data))
                    {
                        await writer.WriteLineAsync("451 try later");
                    }
                    else
                    {
                        lock (_lock)
                        {
                            _messages.Add(new SmtpMessage(from, [.. recipients], data));
                        }

                        await writer.WriteLineAsync("250 OK queued");
                    }

                    from = null;
                    recipients.Clear();
                    break;
                case "RSET":
                    from = null;
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 command not implemented");
                    break;
            }
        }
    }

    private bool TakeRejection(SmtpRejection stage)
    {
        lock (_lock)
        {
            if (_rejectRemaining == 0 || _rejectAt != stage)
            {
                return false;
            }

            _rejectRemaining--;
            _rejected++;
            return true;
        }
    }

    private static async Task<string> ReadData(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == ".")
            {
                break;
            }

            // Dot-stuffing: the client doubled every leading dot.
            data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
        }

        return data.ToString();
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
