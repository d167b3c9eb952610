namespace CostInstrumentation.Generators.Tests.Analyzers;

/// <summary>Every analyzer ID is configurable with <c>dotnet_diagnostic.ID.severity</c>, per file or globally, and by #pragma.</summary>
public sealed class SeverityConfigurationTests
{
    private const string Source = """
        using CostInstrumentation;
        public class Chat
        {
            [MeteredLlmCall("acme-smal")]
            public static LlmUsage Ask(string prompt) => default;
        }
        """;

    [Fact]
    public void Editorconfig_raises_a_warning_to_an_error()
    {
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(Source, "root = true\n[*.cs]\ndotnet_diagnostic.LLMC101.severity = error\n"), "LLMC101");
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void Editorconfig_for_another_file_pattern_does_not_apply()
    {
        AnalyzerFixtures.Only(AnalyzerFixtures.Run(Source, "root = true\n[Other*.cs]\ndotnet_diagnostic.LLMC101.severity = none\n"), "LLMC101");
    }

    [Theory]
    [InlineData("root = true\n[*.cs]\ndotnet_diagnostic.LLMC101.severity = none\n")]
    [InlineData("is_global = true\ndotnet_diagnostic.LLMC101.severity = none\n")]
    public void Editorconfig_or_globalconfig_turns_it_off(string config)
    {
        AnalyzerFixtures.None(AnalyzerFixtures.Run(Source, config));
    }

    [Fact]
    public void Pragma_suppresses_it()
    {
        string source = Source.Replace("    [MeteredLlmCall", "#pragma warning disable LLMC101\n    [MeteredLlmCall", StringComparison.Ordinal);
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }

    [Fact]
    public void Every_analyzer_descriptor_links_to_its_page_and_is_listed_in_the_release_notes()
    {
        string unshipped = File.ReadAllText(Path.Combine(Repo.Root, "src/CostInstrumentation.Generators/AnalyzerReleases.Unshipped.md"));
        foreach (Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor in AnalyzerHarness.All.SelectMany(a => a.SupportedDiagnostics))
        {
            Assert.Equal("https://github.com/costinstrumentation/costinstrumentation/blob/main/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(Repo.Root, "docs/diagnostics", descriptor.Id + ".md")), descriptor.Id + " has no docs page");
            Assert.Contains(descriptor.Id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity + " |", unshipped, StringComparison.Ordinal);
        }
    }
}
