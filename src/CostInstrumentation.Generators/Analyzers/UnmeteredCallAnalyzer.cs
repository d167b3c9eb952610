using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CostInstrumentation.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// LLMC104: a use of a metered method that no interceptor can wrap — a method group or delegate conversion, or a call
/// through an interface or base member that lacks <c>[MeteredLlmCall]</c> while the implementation has it. Interceptors
/// replace invocations of the attributed method only, so these calls run unmetered. (A call inside an expression tree
/// is intercepted too — the tree refers to the interceptor — so it is not reported.)
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnmeteredCallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotMetered);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (CostSymbols.From(start.Compilation) is not { } symbols)
            {
                return;
            }

            ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> meteredImplementations = new(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(c => AnalyzeReference(c, symbols), OperationKind.MethodReference);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, meteredImplementations), OperationKind.Invocation);
        });
    }

    private static void AnalyzeReference(OperationAnalysisContext context, CostSymbols symbols)
    {
        IMethodReferenceOperation reference = (IMethodReferenceOperation)context.Operation;
        IMethodSymbol method = reference.Method.ReducedFrom ?? reference.Method;
        if (symbols.MeteredAttribute(method.OriginalDefinition) is not null)
        {
            Report(context, reference.Syntax, $"'{Name(method)}' is used as a delegate here; calls through the delegate are not metered. Call the method directly (e.g. in a lambda) so the call can be intercepted");
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CostSymbols symbols, ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> meteredImplementations)
    {
        IInvocationOperation invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;

        // Only members dispatched at run time can reach a metered implementation the compiler does not see;
        // base.M() is a non-virtual call (IsVirtual false), typically the metered override calling the SDK.
        if (!invocation.IsVirtual || !(method.IsAbstract || method.IsVirtual || method.IsOverride) || invocation.Instance is null || symbols.MeteredAttribute(method) is not null)
        {
            return;
        }

        IMethodSymbol? implementation = meteredImplementations.GetOrAdd(method, m => FindMeteredImplementation(m, context.Compilation, symbols));
        if (implementation is not null)
        {
            Report(context, invocation.Syntax, $"This call goes through '{Name(method)}', which has no [MeteredLlmCall], so it is not metered although '{Name(implementation)}' is; add [MeteredLlmCall] to '{Name(method)}' or call through '{implementation.ContainingType.Name}'");
        }
    }

    /// <summary>A source method with the same name that is metered and implements or overrides <paramref name="member"/>.</summary>
    private static IMethodSymbol? FindMeteredImplementation(IMethodSymbol member, Compilation compilation, CostSymbols symbols)
    {
        // An explicit implementation (of an interface member only) is declared as "IChat.Ask": found by its suffix.
        string suffix = "." + member.Name;
        IEnumerable<ISymbol> explicitImplementations = member.ContainingType.TypeKind == TypeKind.Interface
            ? compilation.GetSymbolsWithName(n => n.EndsWith(suffix, System.StringComparison.Ordinal), SymbolFilter.Member)
            : Enumerable.Empty<ISymbol>();
        foreach (IMethodSymbol candidate in compilation.GetSymbolsWithName(member.Name, SymbolFilter.Member)
                     .Concat(explicitImplementations)
                     .OfType<IMethodSymbol>()
                     .Where(c => symbols.MeteredAttribute(c) is not null)
                     .Distinct<IMethodSymbol>(SymbolEqualityComparer.Default)
                     .OrderBy(c => c.ToDisplayString(), System.StringComparer.Ordinal))
        {
            for (IMethodSymbol? overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member))
                {
                    return candidate;
                }
            }

            if (member.ContainingType.TypeKind == TypeKind.Interface && Implements(candidate, member))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="candidate"/> implements <paramref name="member"/> (an original definition) in any
    /// construction of its interface: <c>Chat : IChat&lt;string&gt;</c> implements <c>IChat&lt;string&gt;.Ask</c>, not <c>IChat&lt;T&gt;.Ask</c>.
    /// </summary>
    private static bool Implements(IMethodSymbol candidate, IMethodSymbol member)
    {
        foreach (INamedTypeSymbol implemented in candidate.ContainingType.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, member.ContainingType))
            {
                continue;
            }

            foreach (ISymbol constructed in implemented.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(constructed.OriginalDefinition, member)
                    && SymbolEqualityComparer.Default.Equals(candidate.ContainingType.FindImplementationForInterfaceMember(constructed), candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Name(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    private static void Report(OperationAnalysisContext context, SyntaxNode node, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotMetered, node.GetLocation(), message));
}
