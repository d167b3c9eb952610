using System.IO;
using System.Text;
using System.Text.Json;

namespace CostInstrumentation.Tests.Query;

public sealed class QueryExportTests : IDisposable
{
    private const string Hostile = "a,b \"quoted\"\r\nline2\nline3; DROP TABLE llm_calls; -- ' OR 1=1 ünïcødé 模型 🚀";

    private readonly CostDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private Task SeedAsync() => _db.WriteAsync(
        CostDatabase.Call("2026-11-25T10:00:00.1234567Z", 0.0188m, project: Hostile, session: Hostile, tags: [Hostile, "b"], operation: "App.Chat.Ask", callSite: "C:\\src\\Chat.cs:10", usage: new LlmUsage(10_000, 500, 4_000, 1_000, 200)),
        CostDatabase.Call("2026-11-25T09:00:00Z", null, model: "mystery", project: "", session: null, outcome: LlmCallOutcome.Error),
        CostDatabase.Call("2026-11-26T00:00:00Z", 123456.789012345m, model: "=cmd|' /C calc'!A0"));

    [Fact]
    public async Task Csv_QuotesHostileValues_AndParsesBackExactly()
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();
        StringWriter output = new();

        long written = query.ExportCsv(output, CostFilter.Between(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(2, written);
        List<List<string?>> rows = ParseCsv(output.ToString());
        Assert.Equal(3, rows.Count);
        Assert.Equal("id,ts_utc,provider,model,operation,call_site,project,session_id,tags,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,cost_usd,cost_nanousd,duration_ms,outcome,error_type,pricing_version,cost_is_lower_bound", string.Join(',', rows[0]));
        List<string?> unpriced = rows[1]; // oldest first
        Assert.Equal(["2", "2026-11-25T09:00:00.0000000Z", "openai", "mystery", "App.Chat.Ask", "Chat.cs:10", "", null, "[]", "0", "0", "0", "0", "0", null, null, "250", "error", "HttpRequestException", "test-1", "0"], unpriced);
        List<string?> hostile = rows[2];
        Assert.Equal("2026-11-25T10:00:00.1234567Z", hostile[1]);
        Assert.Equal("C:\\src\\Chat.cs:10", hostile[5]);
        Assert.Equal(Hostile, hostile[6]);
        Assert.Equal(Hostile, hostile[7]);
        Assert.Equal([Hostile, "b"], JsonSerializer.Deserialize<string[]>(hostile[8]!)!);
        Assert.Equal(["10000", "4000", "1000", "500", "200"], hostile[9..14]);
        Assert.Equal(0.0188m, decimal.Parse(hostile[14]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("18800000", hostile[15]);
    }

    [Fact]
    public async Task Json_ParsesBackWithExactDecimals_AndNullCostsForUnpricedCalls()
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();
        StringWriter output = new();

        Assert.Equal(3, query.ExportJson(output));

        using JsonDocument document = JsonDocument.Parse(output.ToString());
        JsonElement[] calls = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, calls.Length);
        Assert.Equal(JsonValueKind.Null, calls[0].GetProperty("cost_usd").ValueKind);
        Assert.Equal(JsonValueKind.Null, calls[0].GetProperty("cost_nanousd").ValueKind);
        Assert.Equal(JsonValueKind.Null, calls[0].GetProperty("session_id").ValueKind);
        Assert.Equal("", calls[0].GetProperty("project").GetString());
        Assert.Equal(0.0188m, calls[1].GetProperty("cost_usd").GetDecimal());
        Assert.Equal(18_800_000L, calls[1].GetProperty("cost_nanousd").GetInt64());
        Assert.Equal(Hostile, calls[1].GetProperty("project").GetString());
        Assert.Equal([Hostile, "b"], calls[1].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(10_000L, calls[1].GetProperty("input_tokens").GetInt64());
        Assert.Equal(123456.789012345m, calls[2].GetProperty("cost_usd").GetDecimal());
        Assert.Equal(123_456_789_012_345L, calls[2].GetProperty("cost_nanousd").GetInt64());
        Assert.Equal("=cmd|' /C calc'!A0", calls[2].GetProperty("model").GetString());
    }

    [Fact]
    public async Task Json_ManyRows_FlushedInChunks_StayOneValidArray()
    {
        await _db.WriteAsync(Enumerable.Range(0, 2_000).Select(i => CostDatabase.Call("2026-11-25T10:00:00Z", i / 1000m, project: "プロジェクト" + i)));
        using LlmCostQuery query = _db.Open();
        StringWriter output = new();

        Assert.Equal(2_000, query.ExportJson(output, new CostFilter { Model = "gpt-4o" }));

        using JsonDocument document = JsonDocument.Parse(output.ToString());
        Assert.Equal(1999m, document.RootElement.EnumerateArray().Sum(c => c.GetProperty("cost_usd").GetDecimal()));
        Assert.Equal("プロジェクト1999", document.RootElement[1999].GetProperty("project").GetString());
    }

    [Fact]
    public async Task Export_EmptySelection_WritesTheHeaderOrAnEmptyArray()
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();
        StringWriter csv = new();
        StringWriter json = new();

        Assert.Equal(0, query.ExportCsv(csv, new CostFilter { Model = "none" }));
        Assert.Equal(0, query.ExportJson(json, new CostFilter { Model = "none" }));

        Assert.Single(ParseCsv(csv.ToString()));
        Assert.Equal("[]", json.ToString());
    }

    /// <summary>RFC 4180, CRLF records; an unquoted empty field is null, a quoted one "".</summary>
    private static List<List<string?>> ParseCsv(string text)
    {
        List<List<string?>> rows = [];
        List<string?> row = [];
        StringBuilder field = new();
        bool quoted = false;
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                quoted = true;
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i++]);
                    }
                }
            }
            else if (text[i] == ',')
            {
                row.Add(quoted || field.Length > 0 ? field.ToString() : null);
                field.Clear();
                quoted = false;
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                row.Add(quoted || field.Length > 0 ? field.ToString() : null);
                rows.Add(row);
                row = [];
                field.Clear();
                quoted = false;
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', text[i]); // a bare line break outside quotes would break the record
                field.Append(text[i++]);
            }
        }

        Assert.Empty(row);
        return rows;
    }
}
