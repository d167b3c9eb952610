using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using CostInstrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>
/// What every generator run in these tests must satisfy, checked by the harnesses after each run: no step value holds
/// a compiler object, and a rerun after an unrelated edit leaves every tracked step and every output Cached or Unchanged.
/// </summary>
internal static class IncrementalChecks
{
    /// <summary>A file an IDE edit could add: no invocation, attribute or budget, so no step has a reason to change.</summary>
    private const string UnrelatedSource = """
        namespace HarnessEdits
        {
            internal sealed class UnrelatedEdit
            {
                public int Value { get; init; }
            }
        }
        """;

    private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(Compilation), typeof(Location), typeof(SyntaxTree) };

    /// <summary>Every step name the generator declares in <see cref="TrackingNames"/>.</summary>
    public static IReadOnlyList<string> TrackedStepNames { get; } =
        typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    /// <summary>Runs both checks on a driver that has just run over <paramref name="compilation"/>.</summary>
    public static void Verify(GeneratorDriver driver, Compilation compilation)
    {
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            return; // The test asserts on the exception itself; a failed run has no step values to compare.
        }

        AssertPlainValues(result);
        AssertRerunCached(driver, compilation);
    }

    /// <summary>Fails when a value of one of the generator's steps holds a symbol, syntax, semantic model, compilation or location.</summary>
    /// <returns>How many objects the walk visited.</returns>
    public static int AssertPlainValues(GeneratorRunResult result)
    {
        List<string> problems = new();
        HashSet<object> seen = new(ReferenceEqualityComparer.Instance);

        // The generator's own steps (Roslyn's built-in ones, such as "Compilation", legitimately hold compilation objects).
        foreach ((string name, ImmutableArray<IncrementalGeneratorRunStep> steps) in result.TrackedSteps.Where(s => TrackedStepNames.Contains(s.Key)))
        {
            foreach ((object value, IncrementalStepRunReason _) in steps.SelectMany(s => s.Outputs))
            {
                Walk(value, name, problems, seen, depth: 0);
            }
        }

        Assert.True(problems.Count == 0, "Pipeline values hold compiler objects:\n" + string.Join("\n", problems));
        return seen.Count;
    }

    /// <summary>Reruns <paramref name="driver"/> with an unrelated file added and fails unless nothing was recomputed into a new value.</summary>
    public static void AssertRerunCached(GeneratorDriver driver, Compilation compilation)
    {
        CSharpParseOptions options = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? GeneratorHarness.ParseOptions;
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(UnrelatedSource, options, path: "/harness/UnrelatedEdit.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.True(second.Exception is null, "The rerun threw: " + second.Exception);

        IEnumerable<(string Step, IncrementalStepRunReason Reason, object Value)> outputs = second.TrackedSteps
            .Where(s => TrackedStepNames.Contains(s.Key))
            .Concat(second.TrackedOutputSteps)
            .SelectMany(s => s.Value.SelectMany(step => step.Outputs).Select(o => (s.Key, o.Reason, o.Value)));
        List<string> recomputed = outputs
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => $"{o.Step}: {o.Reason} {o.Value}")
            .ToList();
        Assert.True(recomputed.Count == 0, "An unrelated edit recomputed step values:\n" + string.Join("\n", recomputed));
    }

    /// <summary>Collects into <paramref name="problems"/> every forbidden object reachable from <paramref name="value"/> (records, tuples, collections).</summary>
    public static void Walk(object? value, string path, List<string> problems, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 64)
        {
            return;
        }

        Type type = value.GetType();
        if (Forbidden.Any(f => f.IsAssignableFrom(type)))
        {
            problems.Add($"{path} holds a {type.Name}");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal or DateTime or DateOnly or Type or TextSpan or LinePositionSpan or LinePosition)
        {
            return;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) && (bool)type.GetProperty("IsDefault")!.GetValue(value)!)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{index++}]", problems, seen, depth + 1);
            }

            return;
        }

        if (value is ITuple tuple)
        {
            for (int i = 0; i < tuple.Length; i++)
            {
                Walk(tuple[i], $"{path}.Item{i + 1}", problems, seen, depth + 1);
            }

            return;
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract"
                && !property.PropertyType.IsByRef && !property.PropertyType.IsByRefLike && !property.PropertyType.IsPointer)
            {
                object? propertyValue;
                try
                {
                    propertyValue = property.GetValue(value);
                }
                catch (Exception error) when (error is TargetInvocationException or NotSupportedException)
                {
                    problems.Add($"{path}.{property.Name} ({type.Name}) cannot be read: {(error.InnerException ?? error).Message}");
                    continue;
                }

                Walk(propertyValue, $"{path}.{property.Name}", problems, seen, depth + 1);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (!field.Name.Contains("k__BackingField", StringComparison.Ordinal))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", problems, seen, depth + 1);
            }
        }
    }
}
