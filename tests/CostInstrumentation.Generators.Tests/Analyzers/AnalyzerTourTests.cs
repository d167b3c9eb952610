using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Tests.Analyzers;

/// <summary>samples/AnalyzerTour, compiled in-process as its build compiles it: it reports exactly the IDs its README lists, once each.</summary>
public sealed class AnalyzerTourTests
{
    // What the SDK's ImplicitUsings adds to a console project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public async Task The_tour_reports_each_documented_id_exactly_once()
    {
        string tour = Path.Combine(Repo.Root, "samples", "AnalyzerTour");
        string[] sources = Directory.GetFiles(tour, "*.cs").OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText).Append(ImplicitUsings).ToArray();
        PricingInput defaultPricing = new("/package/pricing/default-pricing.json", File.ReadAllText(Path.Combine(Repo.Root, "pricing", "default-pricing.json")), isDefault: true);
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = AnalyzerHarness.CreateCompilation(
            sources,
            File.ReadAllText(Path.Combine(tour, "AnalyzerTour.globalconfig")),
            out AnalyzerConfigOptionsProvider options,
            new[] { defaultPricing },
            new[] { ("/project/budgets.json", File.ReadAllText(Path.Combine(tour, "budgets.json"))) },
            out ImmutableArray<AdditionalText> additional,
            OutputKind.ConsoleApplication);

        (Compilation output, ImmutableArray<Diagnostic> generated) = AnalyzerHarness.Generate(compilation, additional, options);
        ImmutableArray<Diagnostic> analyzed = await output
            .WithAnalyzers(AnalyzerHarness.All, new AnalyzerOptions(additional, options))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        List<Diagnostic> reported = generated.Concat(analyzed).Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();
        Assert.All(reported, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        string readme = File.ReadAllText(Path.Combine(tour, "README.md"));
        string[] documented = Regex.Matches(readme, @"^\| (LLMC\d{3}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(9, documented.Length);
        Assert.Equal(documented, reported.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
    }
}
