namespace CostInstrumentation.Generators.Tests.Analyzers;

public sealed class MeteredCallSiteAnalyzerTests
{
    private const string Private = """
        using CostInstrumentation;
        public sealed class Reply(LlmUsage usage) : ILlmUsageSource { public LlmUsage GetLlmUsage() => usage; }
        public class Bot
        {
            [MeteredLlmCall("acme-small")]
            private Reply Ask() => new(new LlmUsage(1, 1));
            public Reply Run() => Ask();
        }
        """;

    private const string Unreadable = """
        using CostInstrumentation;
        public class Bot
        {
            [MeteredLlmCall("acme-small")]
            public string Ask() => "text";
            public string Run() => Ask();
        }
        """;

    [Fact]
    public void A_private_metered_method_is_LLMC103_at_the_call()
    {
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(Private), "LLMC103");
        Expect.At(diagnostic, Private, "Ask()", 2);
        Expect.MessageContains(diagnostic, "'Bot.Ask'", "private");
    }

    [Fact]
    public void An_unreadable_result_is_LLMC102_at_the_call_naming_the_type()
    {
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(Unreadable), "LLMC102");
        Expect.At(diagnostic, Unreadable, "Ask()", 2);
        Expect.MessageContains(diagnostic, "'string'", "ILlmUsageSource");
    }

    [Fact]
    public void Pragma_and_a_per_file_severity_now_reach_them()
    {
        AnalyzerFixtures.None(AnalyzerFixtures.Run(Unreadable.Replace("    public string Run()", "#pragma warning disable LLMC102\n    public string Run()", StringComparison.Ordinal)));
        AnalyzerFixtures.None(AnalyzerFixtures.Run(Private, "root = true\n[Source0.cs]\ndotnet_diagnostic.LLMC103.severity = none\n"));
    }

    [Fact]
    public void An_interceptable_call_with_readable_usage_is_not_reported()
    {
        AnalyzerFixtures.None(AnalyzerFixtures.Run(Private.Replace("private Reply Ask()", "public Reply Ask()", StringComparison.Ordinal)));
    }
}
