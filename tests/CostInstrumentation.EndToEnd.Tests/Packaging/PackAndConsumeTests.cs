using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using CostInstrumentation.EndToEnd.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.EndToEnd.Tests.Packaging;

/// <summary>
/// What a user does: pack the package into a local folder feed, reference it from fresh projects by
/// PackageReference only — an app that uses it directly and an app that gets it transitively through a
/// library — build with warnings as errors, run, and read the SQLite file the app wrote.
/// </summary>
public sealed class PackAndConsumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "llmcost-pack-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task PackedPackage_MetersCallsDirectlyAndTransitively_AndWritesSqlite()
    {
        // The consumers also restore the package's own dependencies, from the registry.
        LocalFeed feed = await LocalFeed.PackAsync(_root, "src/CostInstrumentation", "e2e", "https://api.nuget.org/v3/index.json");
        string version = feed.Version;
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />");

        // The budget file covers the expensive model (LLMC201, an error under TreatWarningsAsErrors) through the package's props.
        Project("Library", $"""<PackageReference Include="CostInstrumentation" Version="{version}" /><AdditionalFiles Include="budgets.json" LlmBudgets="true" />""", "Library", """
            using CostInstrumentation;
            namespace Library;
            public sealed record Reply(LlmUsage Usage) : ILlmUsageSource { public LlmUsage GetLlmUsage() => Usage; }
            public sealed class Bot
            {
                [MeteredLlmCall("claude-sonnet-4-5", Project = "packaged")]
                public Reply Ask(string question) => new(new LlmUsage(1_000, 100, CachedInputTokens: 400));
            }
            """);
        File.WriteAllText(Path.Combine(_root, "Library", "budgets.json"), """{ "budgets": [ { "scope": "project", "value": "packaged", "period": "month", "limitUsd": 1000 } ] }""");
        Project("App", """<ProjectReference Include="../Library/Library.csproj" />""", "Exe", """
            using CostInstrumentation;
            string database = args[0];
            LlmCostTracker.Configure(options => options.UseSqlite(database));
            new Library.Bot().Ask("hi");
            await LlmCostTracker.FlushAsync();
            Console.WriteLine($"models={LlmPricing.GetAllPrices().Count()}");
            """);

        string db = Path.Combine(_root, "costs.db");
        string output = await Dotnet(Path.Combine(_root, "App"), $"run --disable-build-servers -c Release -- \"{db}\"");

        Assert.Matches("models=[1-9][0-9]{2}", output); // the shipped default pricing reached the app transitively
        using SqliteConnection connection = new($"Data Source={db};Pooling=False");
        connection.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT operation, model, project, cost_nanousd FROM llm_calls";
        using SqliteDataReader row = read.ExecuteReader();
        Assert.True(row.Read(), "the app recorded nothing");
        Assert.Equal("Library.Bot.Ask", row.GetString(0));
        Assert.Equal("claude-sonnet-4-5", row.GetString(1));
        Assert.Equal("packaged", row.GetString(2));
        // 600 fresh × 0.000003 + 400 cached × 0.0000003 + 100 output × 0.000015 = 0.0018 + 0.00012 + 0.0015 = 0.00342 USD
        Assert.Equal(3_420_000L, row.GetInt64(3));
        Assert.False(row.Read());
    }

    private void Project(string name, string reference, string kind, string source)
    {
        string folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        string outputType = kind == "Exe" ? "<OutputType>Exe</OutputType>" : string.Empty;
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {outputType}
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>{reference}</ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), source);
    }

    private Task<string> Dotnet(string workingDirectory, string arguments) =>
        DotnetProcess.RunAsync(workingDirectory, arguments, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") });
}
