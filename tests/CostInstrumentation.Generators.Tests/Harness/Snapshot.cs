using System.Runtime.CompilerServices;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>
/// Compares generated text with <c>Snapshots/&lt;name&gt;.g.cs</c> next to the test sources. Set
/// <c>UPDATE_SNAPSHOTS=1</c> to (re)write the files instead; review them before keeping them.
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name)
    {
        string path = PathFor(name);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        Assert.True(File.Exists(path), $"Snapshot '{path}' does not exist; run the tests once with UPDATE_SNAPSHOTS=1 and review the file.");
        string expected = File.ReadAllText(path, Encoding.UTF8);
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        Assert.Fail(Describe(expected, actual, path));
    }

    /// <summary>
    /// The test project directory, found from the test's output folder — not from compile-time source paths,
    /// which deterministic CI builds map to <c>/_/</c>.
    /// </summary>
    public static string ProjectDirectory => Path.Combine(Repo.Root, "tests", "CostInstrumentation.Generators.Tests");

    internal static string PathFor(string name) => Path.Combine(ProjectDirectory, "Snapshots", name + ".g.cs");

    internal static string Describe(string expected, string actual, string path)
    {
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int count = Math.Max(expectedLines.Length, actualLines.Length);
        for (int i = 0; i < count; i++)
        {
            string? e = i < expectedLines.Length ? expectedLines[i] : null;
            string? a = i < actualLines.Length ? actualLines[i] : null;
            if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                return $"Generated text differs from snapshot '{path}' at line {i + 1} (set UPDATE_SNAPSHOTS=1 to accept):\n"
                    + $"  snapshot: {Show(e)}\n"
                    + $"  actual:   {Show(a)}";
            }
        }

        return $"Generated text differs from snapshot '{path}' only in line endings or a trailing newline.";
    }

    private static string Show(string? line) => line is null ? "<end of file>" : "\"" + line.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
