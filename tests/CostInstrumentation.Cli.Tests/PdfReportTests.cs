using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary>
/// <c>llmcost report --export report.pdf</c>, checked by poppler (Debian package poppler-utils, installed by the CI script):
/// every page renders to an image with ink on it, the font is embedded, and the text holds the exact costs.
/// </summary>
public sealed class PdfReportTests
{
    [Fact]
    public async Task Every_page_renders_with_an_embedded_font_and_the_exact_costs()
    {
        // 120 sessions: the table runs over several pages.
        using TestDatabase database = await TestDatabase.CreateAsync([.. Enumerable.Range(1, 120).Select(i =>
            CostDatabase.Call($"2026-11-{1 + (i % 17):D2}T10:00:00Z", 0.000123456m * i, session: $"session-{i:D3}"))]);
        string file = Path.Combine(database.Folder, "report.pdf");

        CliResult result = CliRun.Run(["report", "--by", "session", "--period", "this-month", "--export", file, "--db", database.Path]);

        Assert.True(result.ExitCode == 0, result.Error);
        int pages = int.Parse(Run("pdfinfo", file).Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), CultureInfo.InvariantCulture);
        Assert.True(pages >= 3, $"{pages} page(s)");
        Assert.All(Run("pdffonts", file).Split('\n').Skip(2).Where(l => l.Length > 0), font => Assert.Contains(" yes ", font));

        string prefix = Path.Combine(database.Folder, "page");
        Run("pdftoppm", "-gray", "-r", "30", file, prefix);
        string[] images = [.. Directory.GetFiles(database.Folder, "page*.pgm").Order(StringComparer.Ordinal)];
        Assert.Equal(pages, images.Length);
        Assert.All(images, image => Assert.True(DarkPixels(image) > 100, $"{image} is blank"));

        string text = Run("pdftotext", "-layout", file, "-");
        Assert.Contains($"page 1 of {pages}", text);
        Assert.Contains("session-120", text);
        Assert.Contains("0.01481472", text);   // 120 × 0.000123456, every digit
        decimal total = database.CostNano() / 1_000_000_000m;
        Assert.Contains(total.ToString(CultureInfo.InvariantCulture), text);
    }

    /// <summary>Pixels darker than mid-grey in a binary PGM (P5) image.</summary>
    private static int DarkPixels(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        // Header: "P5", width, height, max value, each followed by whitespace; the pixels follow the fourth token.
        int position = 0;
        for (int tokens = 0; tokens < 4; tokens++)
        {
            while (char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }

            while (!char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }
        }

        return bytes.Skip(position + 1).Count(b => b < 128);
    }

    private static string Run(string tool, params string[] arguments)
    {
        ProcessStartInfo start = new(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
        return output;
    }
}
