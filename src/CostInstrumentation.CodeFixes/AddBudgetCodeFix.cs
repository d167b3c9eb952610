using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace CostInstrumentation.CodeFixes;

/// <summary>
/// LLMC201: add <c>[LlmBudget(MonthlyUsd = 100)]</c> to the metered method or to its class. Fix-all adds one
/// attribute per method, or one per class however many of its methods were reported.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddBudgetCodeFix)), Shared]
public sealed class AddBudgetCodeFix : CodeFixProvider
{
    public const string OnMethodKey = nameof(AddBudgetCodeFix) + ".Method";
    public const string OnClassKey = nameof(AddBudgetCodeFix) + ".Class";

    // The budget the fix suggests: a monthly one, the period a bill is read in.
    private static readonly string SuggestedAmount = BudgetSpellings.AttributeProperty(BudgetPeriodKind.Month) + " = 100";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ExpensiveWithoutBudget);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (fixAll, document, diagnostics) =>
        await AddBudgetsAsync(document, diagnostics.Select(d => d.Location.SourceSpan), fixAll.CodeActionEquivalenceKey == OnClassKey, fixAll.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            MethodDeclarationSyntax? method = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null)
            {
                continue;
            }

            ImmutableArray<Microsoft.CodeAnalysis.Text.TextSpan> spans = ImmutableArray.Create(diagnostic.Location.SourceSpan);
            context.RegisterCodeFix(
                CodeAction.Create($"Add [LlmBudget({SuggestedAmount})] to '{method.Identifier.ValueText}'", c => AddBudgetsAsync(context.Document, spans, onClass: false, c), OnMethodKey),
                diagnostic);
            // [LlmBudget] may go on a class or struct (records included), not on an interface.
            if (method.Parent is TypeDeclarationSyntax type and (ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax))
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Add [LlmBudget({SuggestedAmount})] to '{type.Identifier.ValueText}'", c => AddBudgetsAsync(context.Document, spans, onClass: true, c), OnClassKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> AddBudgetsAsync(Document document, IEnumerable<Microsoft.CodeAnalysis.Text.TextSpan> spans, bool onClass, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        HashSet<MemberDeclarationSyntax> targets = new();
        foreach (Microsoft.CodeAnalysis.Text.TextSpan span in spans)
        {
            MethodDeclarationSyntax? method = root.FindNode(span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            MemberDeclarationSyntax? target = onClass ? method?.Parent as TypeDeclarationSyntax : method;
            if (target is not null)
            {
                targets.Add(target);
            }
        }

        SyntaxNode updated = root.ReplaceNodes(targets, static (_, rewritten) => AddBudget(rewritten).WithAdditionalAnnotations(Formatter.Annotation));
        Document changed = document.WithSyntaxRoot(updated);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends the attribute list. A declaration without attributes carries its doc comment (and indentation, #region, …)
    /// on its first modifier or keyword: that trivia moves to the new attribute list, so the comment still documents it.
    /// </summary>
    private static MemberDeclarationSyntax AddBudget(MemberDeclarationSyntax member)
    {
        if (member.AttributeLists.Count > 0)
        {
            return member.AddAttributeLists(Budget());
        }

        SyntaxTriviaList leading = member.GetLeadingTrivia();
        return member.WithoutLeadingTrivia().AddAttributeLists(Budget().WithLeadingTrivia(leading));
    }

    /// <summary>Written fully qualified and simplified afterwards, so it binds whether or not the file imports CostInstrumentation.</summary>
    private static AttributeListSyntax Budget() =>
        SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(
                SyntaxFactory.ParseName("global::CostInstrumentation.LlmBudget").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.ParseAttributeArgumentList("(" + SuggestedAmount + ")"))));
}
