namespace CostInstrumentation.Generators.Tests.Analyzers;

public sealed class UndeterminedModelAnalyzerTests
{
    [Fact]
    public void No_model_anywhere_is_reported_at_the_attribute()
    {
        const string source = """
            using System.Threading.Tasks;
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall(Provider = "acme")]
                public static Task<LlmUsage> Ask(string prompt) => Task.FromResult(default(LlmUsage));
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC106");
        Expect.At(diagnostic, source, "MeteredLlmCall(Provider = \"acme\")");
        Expect.MessageContains(diagnostic, "Calls of 'Chat.Ask' cannot be priced", "'CostInstrumentation.LlmUsage'");
    }

    [Fact]
    public void A_custom_usage_source_carries_no_model_either()
    {
        const string source = """
            using CostInstrumentation;
            public sealed class Reply : ILlmUsageSource { public LlmUsage GetLlmUsage() => default; }
            public class Chat
            {
                [MeteredLlmCall]
                public static Reply Ask(string prompt) => new();
            }
            """;
        AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC106");
    }

    [Fact]
    public void A_model_in_the_attribute_or_an_LlmModel_parameter_determines_it()
    {
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                public static LlmUsage Named(string prompt) => default;

                [MeteredLlmCall]
                public static LlmUsage Chosen([LlmModel] string model) => default;

                [MeteredLlmCall]
                public static string Unreadable(string prompt) => prompt;
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }
}
