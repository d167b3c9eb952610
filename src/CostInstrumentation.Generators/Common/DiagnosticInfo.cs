using System;
using CostInstrumentation.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Common;

/// <summary>
/// A diagnostic as plain values, so pipeline models stay equatable; the <see cref="Location"/> is only
/// created when it is reported.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.Find(Id) ?? throw new InvalidOperationException("Unknown diagnostic " + Id);
        Location location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
        return Diagnostic.Create(descriptor, location, System.Linq.Enumerable.ToArray<object>(Arguments.AsImmutableArray()));
    }
}
