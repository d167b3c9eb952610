using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>The catalogue routes and the estimate: rates exactly as the catalogue holds them, costs by the runtime's rules.</summary>
public sealed class PricingAndEstimateRouteTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Models_lists_the_catalogue_with_per_million_rates()
    {
        JsonElement models = (await _host.GetJsonAsync("/llm-costs/api/v1/pricing/models?provider=openai")).GetProperty("data");
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], models.EnumerateArray().Select(m => m.GetProperty("model").GetString()));
        Assert.Equal(2.5m, decimal.Parse(models[0].GetProperty("inputPerMillionUsd").GetString()!, CultureInfo.InvariantCulture));
        JsonElement search = (await _host.GetJsonAsync("/llm-costs/api/v1/pricing/models?search=2024-08")).GetProperty("data");
        Assert.Equal("gpt-4o", search.EnumerateArray().Single().GetProperty("model").GetString());
    }

    [Fact]
    public async Task One_model_by_alias_has_every_rate_and_tier()
    {
        JsonElement gpt = (await _host.GetJsonAsync("/llm-costs/api/v1/pricing/models/gpt-4o-2024-08-06")).GetProperty("data");
        Assert.Equal("gpt-4o", gpt.GetProperty("model").GetString());
        Assert.Equal("0.00000125", gpt.GetProperty("rates").GetProperty("cacheReadPerTokenUsd").GetString());
        Assert.Equal(JsonValueKind.Null, gpt.GetProperty("rates").GetProperty("cacheWritePerTokenUsd").ValueKind);
        JsonElement batch = gpt.GetProperty("serviceTiers").EnumerateArray().Single();
        Assert.Equal("batch", batch.GetProperty("name").GetString());
        Assert.Equal(5m, decimal.Parse(batch.GetProperty("rates").GetProperty("outputPerMillionUsd").GetString()!, CultureInfo.InvariantCulture));
        JsonElement sonnet = (await _host.GetJsonAsync("/llm-costs/api/v1/pricing/models/claude-sonnet-4-5")).GetProperty("data");
        Assert.Equal(200_000, sonnet.GetProperty("contextTiers")[0].GetProperty("aboveInputTokens").GetInt64());
        using HttpResponseMessage unknown = await _host.Client.GetAsync("/llm-costs/api/v1/pricing/models/gpt-17");
        await ApiHost.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Estimate_from_token_counts_prices_by_the_runtime_rules_and_weighs_budgets()
    {
        _host.Database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit) VALUES ('model', 'claude-sonnet-4-5', 'day', 3000000000, 1)");
        using HttpResponseMessage response = await _host.Client.PostAsync("/llm-costs/api/v1/estimate",
            ApiHost.Json(new { model = "claude-sonnet-4-5", inputTokens = 250_000, outputTokens = 1000, calls = 40 }));
        JsonElement estimate = (await ApiHost.ReadAsync(response, HttpStatusCode.OK)).GetProperty("data");
        JsonElement high = estimate.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("scenario").GetString() == "high");
        decimal perCall = TestPrices.Sonnet.Cost(new LlmUsage(250_000, 1000));
        Assert.Equal(1.5225m, perCall); // the 200k context tier: 250,000 × 6 µ$ + 1,000 × 22.5 µ$
        Assert.Equal(perCall, decimal.Parse(high.GetProperty("perCallUsd").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(perCall * 40 * 1_000_000_000m, high.GetProperty("totalNanoUsd").GetInt64());
        JsonElement budget = estimate.GetProperty("budgets").EnumerateArray().Single();
        Assert.Equal("blocked", budget.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Estimate_without_output_tokens_uses_the_history_or_the_max_output()
    {
        using HttpResponseMessage response = await _host.Client.PostAsync("/llm-costs/api/cost/estimate", ApiHost.Json(new { model = "gpt-4o-mini", inputTokens = 100 }));
        JsonElement estimate = (await ApiHost.ReadAsync(response, HttpStatusCode.OK)).GetProperty("data");
        Assert.Contains("median and 95th percentile of 1 successful", estimate.GetProperty("outputSource").GetString(), StringComparison.Ordinal);
        Assert.Equal(50, estimate.GetProperty("scenarios")[0].GetProperty("outputTokens").GetInt64());
        Assert.Equal(16_384, estimate.GetProperty("scenarios")[2].GetProperty("outputTokens").GetInt64());
    }

    [Theory]
    [InlineData("{\"inputTokens\":10}", "model is required")]
    [InlineData("{\"model\":\"gpt-17\",\"inputTokens\":10}", "is not priced")]
    [InlineData("{\"model\":\"gpt-4o\",\"prompt\":\"hello\",\"inputTokens\":3}", "one way")]
    [InlineData("{\"model\":\"gpt-4o\",\"inputTokens\":10,\"calls\":0}", "must be positive")]
    public async Task Bad_estimates_are_400(string body, string expected)
    {
        using HttpResponseMessage response = await _host.Client.PostAsync("/llm-costs/api/v1/estimate", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains(expected, await ApiHost.ProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_is_counted_by_the_counter_the_server_plugs_in()
    {
        await using ApiHost host = await ApiHost.StartAsync(o => o.CountPromptTokens = (text, _) => (text.Length, text.Length * 2, "test counter"));
        using HttpResponseMessage response = await host.Client.PostAsync("/llm-costs/api/v1/estimate", ApiHost.Json(new { model = "gpt-4o", prompt = "twelve chars", outputTokens = 10 }));
        JsonElement estimate = (await ApiHost.ReadAsync(response, HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("test counter", estimate.GetProperty("inputMethod").GetString());
        Assert.Equal([12L, 24L], estimate.GetProperty("scenarios").EnumerateArray().Take(2).Select(s => s.GetProperty("inputTokens").GetInt64()));
    }

    [Fact]
    public async Task A_prompt_is_counted_by_the_report_layers_tokenizers_by_default()
    {
        const string Prompt = "Summarise the customer ticket below in two sentences and suggest a reply.";
        long exact = TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(Prompt);
        long reference = TiktokenTokenizer.CreateForEncoding("cl100k_base").CountTokens(Prompt);

        using HttpResponseMessage openAi = await _host.Client.PostAsync("/llm-costs/api/v1/estimate", ApiHost.Json(new { model = "gpt-4o", prompt = Prompt, outputTokens = 10 }));
        JsonElement counted = (await ApiHost.ReadAsync(openAi, HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("the tokenizer of gpt-4o", counted.GetProperty("inputMethod").GetString());
        Assert.Equal([exact, exact], counted.GetProperty("scenarios").EnumerateArray().Take(2).Select(s => s.GetProperty("inputTokens").GetInt64()));

        // Anthropic's tokenizer is not public: a band around the cl100k_base count.
        using HttpResponseMessage anthropic = await _host.Client.PostAsync("/llm-costs/api/v1/estimate", ApiHost.Json(new { model = "claude-sonnet-4-5", prompt = Prompt, outputTokens = 10 }));
        JsonElement band = (await ApiHost.ReadAsync(anthropic, HttpStatusCode.OK)).GetProperty("data");
        Assert.StartsWith("approximation", band.GetProperty("inputMethod").GetString(), StringComparison.Ordinal);
        long[] inputs = [.. band.GetProperty("scenarios").EnumerateArray().Take(2).Select(s => s.GetProperty("inputTokens").GetInt64())];
        Assert.True(inputs[0] < reference && reference < inputs[1], $"{inputs[0]} < {reference} < {inputs[1]}");
    }
}
