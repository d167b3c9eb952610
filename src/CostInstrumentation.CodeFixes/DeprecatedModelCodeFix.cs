using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using CostInstrumentation.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CostInstrumentation.CodeFixes;

/// <summary>LLMC105: switch a deprecated model to the successor its pricing names (offered only when the successor is priced).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeprecatedModelCodeFix)), Shared]
public sealed class DeprecatedModelCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DeprecatedModel);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(DiagnosticProperties.Successor, out string? successor) && !string.IsNullOrEmpty(successor)
                && await ModelLiteral.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is LiteralExpressionSyntax literal)
            {
                // One equivalence key for every successor, so fix-all switches each deprecated model to its own.
                context.RegisterCodeFix(ModelLiteral.Replace($"Switch to '{successor}'", nameof(DeprecatedModelCodeFix), context.Document, literal, successor!), diagnostic);
            }
        }
    }
}
