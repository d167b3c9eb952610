using System.Collections.Immutable;
using System.Linq;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Metering.Emit;
using CostInstrumentation.Generators.Metering.Model;
using CostInstrumentation.Generators.Metering.Parse;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CostInstrumentation.Generators.Metering;

/// <summary>
/// Calls of <c>[MeteredLlmCall]</c> methods → call-site models → interceptors. Every invocation is looked
/// at by name only; binding happens just for invocations named like a metered method, so a project's
/// thousands of unrelated calls are never re-bound on an edit.
/// </summary>
internal static class MeteringPipeline
{
    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<PriceCatalog> catalog)
    {
        IncrementalValueProvider<EquatableArray<string>> sourceNames = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MeteredMethodNames.AttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (attributeContext, _) => attributeContext.TargetSymbol.Name)
            .Collect()
            .Select(static (names, _) => names.Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.MeteredSourceNames);

        // Per reference, not per compilation: an edit keeps the same references, so none is read again.
        IncrementalValuesProvider<EquatableArray<string>> referenceNames = context.MetadataReferencesProvider
            .Select(static (reference, cancellationToken) => MeteredMethodNames.FromReference(reference, cancellationToken))
            .WithTrackingName(TrackingNames.MeteredReferenceNames);

        IncrementalValueProvider<EquatableArray<string>> names = sourceNames.Combine(referenceNames.Collect())
            .Select(static (pair, _) => pair.Left.Concat(pair.Right.SelectMany(n => n)).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.MeteredMethodNames);

        IncrementalValuesProvider<InvocationRef> invocations = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InvocationExpressionSyntax,
                static (syntaxContext, _) => CallSiteParser.InvokedName((InvocationExpressionSyntax)syntaxContext.Node) is { } name
                    ? new InvocationRef(name, syntaxContext.Node.SyntaxTree.FilePath, syntaxContext.Node.Span.Start, syntaxContext.Node.Span.Length)
                    : null)
            .Where(static invocation => invocation is not null)
            .Select(static (invocation, _) => invocation!)
            .WithTrackingName(TrackingNames.InvocationNames);

        IncrementalValueProvider<string> projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.projectdir", out string? directory) ? directory : string.Empty)
            .WithTrackingName(TrackingNames.ProjectDirectory);

        // A call that cannot be metered yields no site here: MeteredCallSiteAnalyzer reports it (LLMC102/LLMC103, same
        // parser), where #pragma and .editorconfig reach it.
        IncrementalValuesProvider<CallSiteModel> sites = invocations
            .Combine(names)
            .Where(static pair => pair.Right.AsImmutableArray().Contains(pair.Left.Name))
            .Select(static (pair, _) => pair.Left)
            .Combine(context.CompilationProvider)
            .Combine(projectDirectory)
            .Select(static (pair, cancellationToken) => CallSiteParser.Bind(pair.Left.Left, pair.Left.Right, pair.Right, cancellationToken)?.Site)
            .Where(static site => site is not null)
            .Select(static (site, _) => site!)
            .WithTrackingName(TrackingNames.CallSites);

        IncrementalValueProvider<ImmutableArray<CallSiteModel>> allSites = sites.Collect();

        // The catalogue narrowed to the prices the sites compile in: a pricing edit re-emits the interceptors only when one of these changed.
        IncrementalValueProvider<EquatableArray<ConstantPrice>> constantPrices = allSites
            .Select(static (all, _) => all.Select(s => s.Model).Where(m => m.Length > 0).Distinct().OrderBy(m => m, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.SiteModels)
            .Combine(catalog)
            .Select(static (pair, _) => ConstantPriceEmitter.For(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ConstantPrices);

        context.RegisterSourceOutput(allSites.Combine(constantPrices), static (output, pair) =>
        {
            if (!pair.Left.IsEmpty)
            {
                output.AddSource(InterceptorEmitter.HintName, InterceptorEmitter.Emit(pair.Left, pair.Right));
            }
        });
    }
}
