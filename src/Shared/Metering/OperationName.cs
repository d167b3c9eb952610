using System;

namespace CostInstrumentation.Contract;

/// <summary>
/// The operation a metered call records (<c>Namespace.Type.Method</c>, nested types joined by dots) and how an
/// operation budget names one method or every method of a type (<c>Namespace.Type.*</c>).
/// </summary>
internal static class OperationName
{
    private const string AnyMethod = ".*";

    /// <param name="type">The containing type, namespace-qualified, nested types joined by dots, without type arguments.</param>
    /// <param name="method">The method's name.</param>
    public static string Of(string type, string method) => type + "." + method;

    /// <summary>The operation budget scope that covers every method of <paramref name="type"/>.</summary>
    public static string EveryMethodOf(string type) => type + AnyMethod;

    /// <summary>True for a scope value that names every method of a type (<c>Namespace.Type.*</c>); SQL compares by the prefix before the <c>*</c>.</summary>
    public static bool IsEveryMethodOf(string scopeValue) => scopeValue.EndsWith(AnyMethod, StringComparison.Ordinal);

    /// <summary>True when an operation budget's value covers the operation: the same name, or a <c>Type.*</c> whose type declares it.</summary>
    public static bool Covers(string scopeValue, string operation) =>
        IsEveryMethodOf(scopeValue)
            ? operation.Length >= scopeValue.Length - 1 && string.CompareOrdinal(operation, 0, scopeValue, 0, scopeValue.Length - 1) == 0
            : string.Equals(operation, scopeValue, StringComparison.Ordinal);
}
