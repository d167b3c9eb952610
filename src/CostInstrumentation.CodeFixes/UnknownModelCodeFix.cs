using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using CostInstrumentation.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CostInstrumentation.CodeFixes;

/// <summary>LLMC101: one action per suggested priced model, best first, replacing the misspelt name.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnknownModelCodeFix)), Shared]
public sealed class UnknownModelCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnknownModel);

    // Which suggestion is right is a judgement per call site, so there is no fix-all.
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Suggestions, out string? suggestions) || string.IsNullOrEmpty(suggestions)
                || await ModelLiteral.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is not LiteralExpressionSyntax literal)
            {
                continue;
            }

            foreach (string model in suggestions!.Split(DiagnosticProperties.Separator))
            {
                context.RegisterCodeFix(ModelLiteral.Replace($"Use '{model}'", nameof(UnknownModelCodeFix) + ":" + model, context.Document, literal, model), diagnostic);
            }
        }
    }
}
