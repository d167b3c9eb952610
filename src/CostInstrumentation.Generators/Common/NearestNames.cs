using System;
using System.Collections.Generic;
using System.Linq;

namespace CostInstrumentation.Generators.Common;

/// <summary>"Did you mean …": the known names closest to a misspelt one by edit distance.</summary>
internal static class NearestNames
{
    public static IReadOnlyList<string> Find(string name, IEnumerable<string> candidates, int count = 3)
    {
        int limit = Math.Max(2, name.Length / 3);
        // The length difference bounds the distance from below: skip the candidates that cannot be near.
        return candidates
            .Where(candidate => Math.Abs(candidate.Length - name.Length) <= limit)
            .Select(candidate => (candidate, distance: Distance(name, candidate)))
            .Where(pair => pair.distance <= limit)
            .OrderBy(pair => pair.distance)
            .ThenBy(pair => pair.candidate, StringComparer.Ordinal)
            .Take(count)
            .Select(pair => pair.candidate)
            .ToList();
    }

    /// <summary>Levenshtein distance, case-insensitive (a case slip counts as no edit).</summary>
    public static int Distance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    public static string Suggestion(IReadOnlyList<string> names) =>
        names.Count == 0 ? string.Empty : "; did you mean " + string.Join(" or ", names.Select(n => "'" + n + "'")) + "?";
}
