using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.CodeFixes;

/// <summary>Replacing the model string a diagnostic points at; only a literal is replaced, never a named constant used elsewhere.</summary>
internal static class ModelLiteral
{
    public static async Task<LiteralExpressionSyntax?> FindAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(span, getInnermostNodeForTie: true) is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
            ? literal
            : null;
    }

    public static CodeAction Replace(string title, string equivalenceKey, Document document, LiteralExpressionSyntax literal, string model) =>
        CodeAction.Create(
            title,
            async cancellationToken =>
            {
                SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                LiteralExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(model))
                    .WithTriviaFrom(literal);
                return document.WithSyntaxRoot(root.ReplaceNode(literal, replacement));
            },
            equivalenceKey);
}
