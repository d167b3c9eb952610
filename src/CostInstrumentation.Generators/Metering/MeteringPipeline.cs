using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
            .Collect()
            .Combine(context.CompilationProvider)
            .Combine(projectDirectory)
            .SelectMany(static (pair, cancellationToken) => BindAll(pair.Left.Left, pair.Left.Right, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.CallSites);

        IncrementalValueProvider<ImmutableArray<CallSiteModel>> allSites = sites.Collect();

        // The catalogue narrowed to the prices the sites compile in: a pricing edit re-emits the interceptors only when one of these changed.
        IncrementalValueProvider<EquatableArray<ConstantPrice>> constantPrices = allSites
            .Select(static (all, _) => all.Select(s => s.Model).Where(m => m.Length > 0).Distinct().OrderBy(m => m, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.SiteModels)
            .Combine(catalog)
            .Select(static (pair, _) => ConstantPrices.For(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ConstantPrices);

        context.RegisterSourceOutput(allSites.Combine(constantPrices), static (output, pair) =>
        {
            if (!pair.Left.IsEmpty)
            {
                output.AddSource(InterceptorEmitter.HintName, InterceptorEmitter.Emit(pair.Left, pair.Right));
            }
        });
    }

    /// <summary>
    /// Binds the candidates of each file with one semantic model: every compilation change re-binds them all, and a
    /// model per call would bind the file's method bodies again for each call in them.
    /// </summary>
    private static ImmutableArray<CallSiteModel> BindAll(ImmutableArray<InvocationRef> candidates, Compilation compilation, string projectDirectory, CancellationToken cancellationToken)
    {
        ImmutableArray<CallSiteModel>.Builder sites = ImmutableArray.CreateBuilder<CallSiteModel>();
        ILookup<string, SyntaxTree> trees = compilation.SyntaxTrees.ToLookup(t => t.FilePath, System.StringComparer.Ordinal);
        foreach (IGrouping<string, InvocationRef> file in candidates.GroupBy(c => c.FilePath, System.StringComparer.Ordinal))
        {
            if (trees[file.Key].FirstOrDefault() is not { } tree)
            {
                continue;
            }

            SemanticModel semanticModel = compilation.GetSemanticModel(tree);
            foreach (InvocationRef candidate in file)
            {
                if (CallSiteParser.Bind(candidate, semanticModel, projectDirectory, cancellationToken)?.Site is { } site)
                {
                    sites.Add(site);
                }
            }
        }

        return sites.ToImmutable();
    }
}
