using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary><c>CostInstrumentation:PricingFile</c>: prices read at start-up, with the build's parser, over the compiled ones.</summary>
[Collection(HostedTrackerCollection.Name)]
public sealed class PricingFileTests
{
    private const string Override = """
        {
          "format": "costinstrumentation-pricing/1",
          "as_of": "2026-12-01",
          "providers": {
            "hosting-test": {
              "hosting-test-model": { "input": 3, "output": PRICE }
            }
          }
        }
        """;

    [Fact]
    public async Task TheFilesPricesReplaceTheCompiledOnesAndCallsRecordItsVersion()
    {
        InMemoryCostSink sink = new();
        PriceTable table;
        await using (TestHost test = Host(sink, "4"))
        {
            await test.Host.StartAsync();
            Calls.Shim(); // the call site's compiled price would make it 0.002 USD
            Calls.Shim(model: "hosting-unlisted-model");
            await test.Host.StopAsync();

            table = Assert.Single(LlmPricing.Overrides);
            Assert.Contains(test.Log.Entries, e => e.EventId.Id == 103 && e.Message.Contains("1 models", StringComparison.Ordinal));
        }

        // 1,000 × 3/1M + 500 × 4/1M = 0.005
        Assert.Equal(0.005m, sink.Records[0].CostUsd);
        Assert.StartsWith("2026-12-01+", sink.Records[0].PricingVersion, StringComparison.Ordinal);
        Assert.Equal(table.Version, sink.Records[0].PricingVersion);
        Assert.NotEqual(table.Version, sink.Records[1].PricingVersion);
        Assert.Null(sink.Records[1].CostUsd); // a model the override does not list is left to the compiled tables (none here)
        Assert.Empty(LlmPricing.Overrides); // withdrawn with the host's pipeline
    }

    [Fact]
    public async Task AnInvalidFileStopsStartUpNamingFileLineAndColumn()
    {
        InMemoryCostSink sink = new();
        await using TestHost test = Host(sink, "-4");

        PricingFileException failure = await Assert.ThrowsAsync<PricingFileException>(() => test.Host.StartAsync());

        PricingFiles.PricingProblem problem = Assert.Single(failure.Errors);
        Assert.Equal(("LLMC003", 6, 53), (problem.Id, problem.Line, problem.Column));
        Assert.Contains($"{Path.Combine(test.Folder, "prices.json")}:6:53: error LLMC003", failure.Message, StringComparison.Ordinal);
        Assert.Empty(LlmPricing.Overrides);
        Calls.Shim();
        Assert.Empty(sink.Records);
    }

    [Fact]
    public async Task AFileThatPricesNothingStopsStartUp()
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?> { ["CostInstrumentation:PricingFile"] = "{folder}/prices.json" });
        File.WriteAllText(Path.Combine(test.Folder, "prices.json"), """{ "as_of": "2026-12-01", "providers": {} }""");

        PricingFileException failure = await Assert.ThrowsAsync<PricingFileException>(() => test.Host.StartAsync());

        Assert.Equal("LLMC006", Assert.Single(failure.Errors).Id);
    }

    private static TestHost Host(InMemoryCostSink sink, string outputPrice)
    {
        TestHost test = TestHost.FromSection(
            new Dictionary<string, string?> { ["CostInstrumentation:PricingFile"] = "{folder}/prices.json" },
            builder => builder.Configure(options => options.AddSink(sink)));
        File.WriteAllText(Path.Combine(test.Folder, "prices.json"), Override.Replace("PRICE", outputPrice, StringComparison.Ordinal));
        return test;
    }
}
