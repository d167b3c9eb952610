using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using MimeKit;

namespace CostInstrumentation.Hosting.Email;

/// <summary>
/// An e-mail's content as headings, paragraphs and tables, written once and rendered twice: as plain text and as HTML.
/// Every string is HTML-encoded in <see cref="ToHtml"/>, so a tag, project, session or model name carrying markup is shown,
/// never run.
/// </summary>
internal sealed class EmailDocument(string subject)
{
    private readonly List<Block> _blocks = [];

    public string Subject { get; } = OneLine(subject);

    public EmailDocument Heading(string text) => Add(new Block(BlockKind.Heading, [text], []));

    public EmailDocument Paragraph(string text) => Add(new Block(BlockKind.Paragraph, [text], []));

    /// <summary>
    /// A table. With a <paramref name="header"/>, columns after the first are right-aligned (amounts and counts); with an
    /// empty one, a left-aligned list of name and value.
    /// </summary>
    public EmailDocument Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        Add(new Block(BlockKind.Table, header, [.. rows]));

    public string ToText()
    {
        StringBuilder text = new();
        foreach (Block block in _blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.Heading:
                    text.AppendLine(block.Cells[0]).AppendLine(new string('-', block.Cells[0].Length));
                    break;
                case BlockKind.Paragraph:
                    text.AppendLine(block.Cells[0]);
                    break;
                default:
                    AppendTextTable(text, block);
                    break;
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public string ToHtml()
    {
        StringBuilder html = new("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
        html.Append(Encode(Subject)).Append("</title></head>\n<body style=\"font-family:sans-serif\">\n");
        foreach (Block block in _blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.Heading:
                    html.Append("<h2>").Append(Encode(block.Cells[0])).Append("</h2>\n");
                    break;
                case BlockKind.Paragraph:
                    html.Append("<p>").Append(Encode(block.Cells[0])).Append("</p>\n");
                    break;
                default:
                    html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">\n");
                    if (block.Cells.Count > 0)
                    {
                        html.Append("<tr>");
                        for (int i = 0; i < block.Cells.Count; i++)
                        {
                            html.Append(i == 0 ? "<th align=\"left\">" : "<th align=\"right\">").Append(Encode(block.Cells[i])).Append("</th>");
                        }

                        html.Append("</tr>\n");
                    }

                    foreach (IReadOnlyList<string> row in block.Rows)
                    {
                        html.Append("<tr>");
                        for (int i = 0; i < row.Count; i++)
                        {
                            html.Append(i == 0 || block.Cells.Count == 0 ? "<td>" : "<td align=\"right\">").Append(Encode(row[i])).Append("</td>");
                        }

                        html.Append("</tr>\n");
                    }

                    html.Append("</table>\n");
                    break;
            }
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>The message: both parts in one multipart/alternative body.</summary>
    public MimeMessage ToMessage(MailboxAddress from, IEnumerable<MailboxAddress> to)
    {
        MimeMessage message = new();
        message.From.Add(from);
        message.To.AddRange(to);
        message.Subject = Subject;
        message.Body = new BodyBuilder { TextBody = ToText(), HtmlBody = ToHtml() }.ToMessageBody();
        return message;
    }

    /// <summary>An exact amount: every digit the decimal has, no trailing zeros (<c>0.0123 USD</c>).</summary>
    public static string Usd(decimal usd) => usd.ToString("0.############################", CultureInfo.InvariantCulture) + " USD";

    /// <summary>
    /// The cost of a set of calls: unknown when none of them was priced (never 0 USD); the priced calls' exact sum otherwise
    /// (a table says next to it how many were not priced).
    /// </summary>
    public static string Cost(CostTotals totals) => totals.Calls > 0 && totals.UnpricedCalls == totals.Calls ? "unknown" : Usd(totals.CostUsd);

    /// <summary>A fraction as a percentage to two decimals (<c>80.5 %</c>): a ratio to read, not an amount to add up.</summary>
    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    public static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>A UTC instant as <c>2026-12-01 00:00 UTC</c>.</summary>
    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Control characters (a line break in a tag) would break the subject header or the text layout.</summary>
    private static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));

    private static void AppendTextTable(StringBuilder text, Block block)
    {
        bool rightAligned = block.Cells.Count > 0;
        List<IReadOnlyList<string>> lines = rightAligned ? [block.Cells, .. block.Rows] : [.. block.Rows];
        if (lines.Count == 0)
        {
            return;
        }

        int[] widths = [.. Enumerable.Range(0, lines.Max(line => line.Count)).Select(i => lines.Max(line => i < line.Count ? OneLine(line[i]).Length : 0))];
        foreach (IReadOnlyList<string> line in lines)
        {
            IEnumerable<string> cells = line.Select((cell, i) => i == 0 || !rightAligned ? OneLine(cell).PadRight(widths[i]) : OneLine(cell).PadLeft(widths[i]));
            text.Append("  ").AppendLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private EmailDocument Add(Block block)
    {
        _blocks.Add(block);
        return this;
    }

    private enum BlockKind
    {
        Heading,
        Paragraph,
        Table,
    }

    private sealed record Block(BlockKind Kind, IReadOnlyList<string> Cells, IReadOnlyList<IReadOnlyList<string>> Rows);
}
