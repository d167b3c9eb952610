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
            Directory.GetFiles(Path.Combine(tour, "pricing"), "*.json").OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new PricingInput("/project/pricing/" + Path.GetFileName(p), File.ReadAllText(p)))
                .Prepend(defaultPricing),
            new[] { ("/project/budgets.json", File.ReadAllText(Path.Combine(tour, "budgets.json"))) },
            out ImmutableArray<AdditionalText> additional,
            OutputKind.ConsoleApplication);

        (Compilation output, ImmutableArray<Diagnostic> generated) = AnalyzerHarness.Generate(compilation, additional, options);
        ImmutableArray<Diagnostic> analyzed = await output
            .WithAnalyzers(AnalyzerHarness.All, new AnalyzerOptions(additional, options))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        // The driver hands back the generator's diagnostics unfiltered; the build applies the globalconfig severities to them.
        List<(string Id, DiagnosticSeverity Severity)> reported = generated.Select(d => (d.Id, Configured(compilation, d)))
            .Concat(analyzed.Select(d => (d.Id, d.Severity)))
            .ToList();
        Assert.All(reported, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        string readme = File.ReadAllText(Path.Combine(tour, "README.md"));
        string[] documented = Regex.Matches(readme, @"^\| (LLMC\d{3}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(17, documented.Length);
        Assert.Equal(documented, reported.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    private static DiagnosticSeverity Configured(Compilation compilation, Diagnostic diagnostic) =>
        compilation.Options.SpecificDiagnosticOptions.TryGetValue(diagnostic.Id, out ReportDiagnostic configured)
            ? configured switch
            {
                ReportDiagnostic.Error => DiagnosticSeverity.Error,
                ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
                ReportDiagnostic.Info => DiagnosticSeverity.Info,
                _ => DiagnosticSeverity.Hidden,
            }
            : diagnostic.Severity;
}
