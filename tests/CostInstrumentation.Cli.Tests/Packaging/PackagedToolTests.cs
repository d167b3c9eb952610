using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using CostInstrumentation.Cli.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Cli.Tests.Packaging;

/// <summary>
/// What a user does: install the packed tool from a local feed and run it. On linux-x64 the command is a native front
/// that answers the report commands itself and hands the rest to the full tool: both must answer exactly alike.
/// </summary>
public sealed partial class PackagedToolTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    [Fact]
    public async Task The_installed_tool_reads_the_QuickStarts_database()
    {
        ToolRun summary = await tool.RunAsync("--db", tool.QuickStartDatabase);
        Assert.True(summary.ExitCode == 0, summary.Error);
        Assert.Contains("LLM spend summary", summary.Out);

        ToolRun json = await tool.RunAsync("--db", tool.QuickStartDatabase, "--format", "json", "--tz", "utc");
        Assert.Equal(0, json.ExitCode);
        SchemaCheck.Report(json.Out);
        JsonElement allTime = JsonDocument.Parse(json.Out).RootElement.GetProperty("periods")[3];
        using SqliteConnection connection = new($"Data Source={tool.QuickStartDatabase};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT sum(cost_nanousd), count(*) FROM llm_calls";
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(reader.GetInt64(0), allTime.GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(reader.GetInt64(1), allTime.GetProperty("calls").GetInt64());

        ToolRun missing = await tool.RunAsync("--db", Path.Combine(Path.GetDirectoryName(tool.QuickStartDatabase)!, "none.db"));
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("No cost database at", missing.Error);
    }

    [Fact]
    public async Task On_linux_x64_the_command_is_native_and_hands_what_it_does_not_carry_to_the_full_tool()
    {
        Assert.True(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64, "the packaging tests run on linux-x64");
        byte[] head = new byte[4];
        using (FileStream command = File.OpenRead(tool.Command))
        {
            command.ReadExactly(head);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), head);
        Assert.False(File.Exists(Path.ChangeExtension(new FileInfo(tool.Command).ResolveLinkTarget(true)!.FullName, ".dll")), "no managed entry point beside the native front");

        // Root help lists every command, serve and pricing included: the front hands it on.
        ToolRun help = await tool.RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Equal((await tool.RunFullAsync("--help")).Out, help.Out);
        Assert.Contains("serve", help.Out);

        ToolRun pricing = await tool.RunAsync("pricing", "show", "gpt-4o", "--format", "json");
        Assert.True(pricing.ExitCode == 0, pricing.Error);
        Assert.Contains("\"inputNanoUsd\": 2500000000", pricing.Out);

        ToolRun typo = await tool.RunAsync("statusln");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("'statusln'", typo.Error);
    }

    [Fact]
    public async Task A_native_front_without_its_full_tool_says_so_instead_of_failing_silently()
    {
        string alone = Directory.CreateTempSubdirectory("llmcost-front-alone-").FullName;
        try
        {
            string front = Path.Combine(alone, "llmcost");
            // File.Copy keeps the executable bit on Unix.
            File.Copy(new FileInfo(tool.Command).ResolveLinkTarget(true)!.FullName, front);

            ToolRun run = await InstalledTool.RunProgramAsync(front, "pricing", "list");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Out);
            Assert.Contains("needs the full tool", run.Error);
            Assert.Contains(Path.Combine(alone, "jit", "llmcost.dll"), run.Error);
        }
        finally
        {
            Directory.Delete(alone, recursive: true);
        }
    }

    [Theory]
    [InlineData("--tz", "utc", "--format", "json")]
    [InlineData("--tz", "utc", "report", "--by", "model", "--period", "all")]
    [InlineData("--tz", "utc", "pricing", "list", "--format", "json")]
    [InlineData("--tz", "utc", "sumary")]
    [InlineData("--tz", "utc", "--nonsense")]
    public async Task Options_first_answer_as_the_full_tool_does_whether_the_front_parses_them_or_hands_them_on(params string[] arguments)
    {
        using TestDatabase database = await Fixture.CreateAsync();
        string[] withDatabase = ["--db", database.Path, .. arguments];

        ToolRun native = await tool.RunAsync(withDatabase);
        ToolRun full = await tool.RunFullAsync(withDatabase);

        Assert.Equal(full with { Out = WithoutGenerationTime(full.Out) }, native with { Out = WithoutGenerationTime(native.Out) });
    }

    public static TheoryData<string[]> EveryReportCommand() => [.. Fixture.Commands()];

    [Theory]
    [MemberData(nameof(EveryReportCommand))]
    public async Task Every_command_answers_as_the_full_tool_does(string[] command)
    {
        using TestDatabase database = await Fixture.CreateAsync();
        foreach ((string zone, string format) in (ValueTuple<string, string>[])[("utc", "table"), ("utc", "json"), ("utc", "csv"), ("Europe/Berlin", "json")])
        {
            string[] arguments = [.. command, "--db", database.Path, "--tz", zone, "--format", format];
            ToolRun native = await tool.RunAsync(arguments);
            ToolRun full = await tool.RunFullAsync(arguments);

            Assert.True(native.ExitCode == 0, native.Error);
            Assert.Equal(full with { Out = WithoutGenerationTime(full.Out) }, native with { Out = WithoutGenerationTime(native.Out) });
        }
    }

    [Theory]
    [InlineData("report", "--by", "nonsense")]
    [InlineData("report", "--period", "2026-13")]
    [InlineData("summary", "--tz", "Mars/Olympus")]
    [InlineData("budget", "set", "--monthly", "-5")]
    public async Task Bad_arguments_get_the_full_tools_message_and_exit_code(params string[] command)
    {
        using TestDatabase database = await Fixture.CreateAsync();
        string[] arguments = [.. command, "--db", database.Path];

        ToolRun native = await tool.RunAsync(arguments);

        Assert.Equal(2, native.ExitCode);
        Assert.Equal(await tool.RunFullAsync(arguments), native);
    }

    [Fact]
    public async Task A_budget_set_by_the_native_front_is_the_row_the_full_tool_writes()
    {
        using TestDatabase nativeDatabase = await Fixture.CreateAsync();
        using TestDatabase fullDatabase = await Fixture.CreateAsync();
        string[] set = ["budget", "set", "--daily", "12.345", "--project", "gamma", "--hard-limit", "--alert-at", "0.5", "0.9", "--db"];

        Assert.Equal(0, (await tool.RunAsync([.. set, nativeDatabase.Path])).ExitCode);
        Assert.Equal(0, (await tool.RunFullAsync([.. set, fullDatabase.Path])).ExitCode);

        const string Row = "SELECT scope || '|' || scope_value || '|' || period || '|' || limit_nanousd || '|' || hard_limit || '|' || warn_at FROM budgets WHERE scope_value = 'gamma'";
        Assert.Equal(Strings(fullDatabase.Path, Row), Strings(nativeDatabase.Path, Row));
        Assert.Equal(["project|gamma|day|12345000000|1|[0.5,0.9]"], Strings(nativeDatabase.Path, Row));
    }

    private static List<string> Strings(string database, string sql)
    {
        using SqliteConnection connection = new($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        List<string> rows = [];
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>The two runs are a second or so apart; everything else must match byte for byte.</summary>
    private static string WithoutGenerationTime(string output) => GenerationTime().Replace(output, "\"generatedUtc\": \"…\"");

    [GeneratedRegex("\"generatedUtc\": \"[^\"]*\"")]
    private static partial Regex GenerationTime();
}
