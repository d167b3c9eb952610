using System.Globalization;
using System.IO;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost export -f xlsx -o FILE</c>: a workbook the Open XML SDK reads back, every call a row, costs exact.</summary>
public sealed class XlsxExportTests
{
    [Fact]
    public async Task Every_selected_call_is_a_row_with_exact_costs_and_text_that_is_never_a_formula()
    {
        using TestDatabase database = await Fixture.CreateAsync();
        await database.WriteAsync([CostDatabase.Call("2026-11-10T10:00:00Z", 0.25m, project: "=HYPERLINK(\"http://x\")")]);
        string file = Path.Combine(database.Folder, "calls.xlsx");

        CliResult result = CliRun.Run(["export", "-f", "xlsx", "-o", file, "--db", database.Path, "--period", "this-month"]);

        Assert.True(result.ExitCode == 0, result.Error);
        using SpreadsheetDocument workbook = SpreadsheetDocument.Open(file, isEditable: false);
        WorkbookPart part = workbook.WorkbookPart!;
        Sheet sheet = Assert.Single(part.Workbook.Sheets!.Elements<Sheet>());
        Row[] rows = [.. ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()];
        string[] header = [.. rows[0].Elements<Cell>().Select(Text)];
        Assert.Equal(["id", "ts_utc", "provider", "model"], header.Take(4));
        const string Month = "ts_utc >= '2026-11-01' AND ts_utc < '2026-12-01'";
        Assert.Equal(database.Scalar($"SELECT count(*) FROM llm_calls WHERE {Month}"), rows.Length - 1);
        int nano = Array.IndexOf(header, "cost_nanousd");
        int usd = Array.IndexOf(header, "cost_usd");
        Assert.Equal(database.Scalar($"SELECT sum(cost_nanousd) FROM llm_calls WHERE {Month}"),
            rows.Skip(1).Sum(r => Text(r.Elements<Cell>().ElementAt(nano)) is { Length: > 0 } value ? long.Parse(value, CultureInfo.InvariantCulture) : 0));
        Assert.Contains(rows, r => Text(r.Elements<Cell>().ElementAt(usd)) == "1234.567891234");
        // The unpriced call has empty cost cells, not 0.
        Assert.Contains(rows, r => r.Elements<Cell>().ElementAt(3).InnerText == "mystery-model" && Text(r.Elements<Cell>().ElementAt(nano)) == "");
        Cell injected = rows.SelectMany(r => r.Elements<Cell>()).Single(c => c.InnerText.StartsWith("=HYPERLINK", StringComparison.Ordinal));
        Assert.Equal(CellValues.InlineString, injected.DataType!.Value);
        Assert.Null(injected.CellFormula);
    }

    [Fact]
    public async Task Xlsx_needs_an_output_file()
    {
        using TestDatabase database = await Fixture.CreateAsync();

        CliResult result = CliRun.Run(["export", "-f", "xlsx", "--db", database.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-o FILE.xlsx", result.Error);
    }

    private static string Text(Cell cell) => cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "";
}
