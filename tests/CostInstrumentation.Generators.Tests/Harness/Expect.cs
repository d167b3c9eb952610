namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>Assertions about reported diagnostics and where they point.</summary>
internal static class Expect
{
    /// <summary>The 0-based line and column of <paramref name="offset"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) Position(string text, int offset)
    {
        int line = 0;
        int column = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 0;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    /// <summary>The offset of the <paramref name="occurrence"/>-th (1-based) <paramref name="needle"/>.</summary>
    public static int Offset(string text, string needle, int occurrence = 1)
    {
        int offset = -1;
        for (int i = 0; i < occurrence; i++)
        {
            offset = text.IndexOf(needle, offset + 1, StringComparison.Ordinal);
            Assert.True(offset >= 0, $"Fixture has no occurrence {occurrence} of '{needle}'");
        }

        return offset;
    }

    /// <summary>The single diagnostic with <paramref name="id"/>; fails listing everything reported otherwise.</summary>
    public static Reported Single(GeneratorRun run, string id)
    {
        List<Reported> matches = run.WithId(id).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {id}, got {matches.Count}:\n" + string.Join("\n", run.Diagnostics));
        return matches[0];
    }

    /// <summary>Run with exactly one diagnostic (of <paramref name="id"/>) and nothing else.</summary>
    public static Reported Only(GeneratorRun run, string id)
    {
        Assert.True(run.Diagnostics.Count == 1 && run.Diagnostics[0].Id == id, $"Expected only {id}, got:\n" + string.Join("\n", run.Diagnostics));
        return run.Diagnostics[0];
    }

    /// <summary>Asserts that <paramref name="diagnostic"/> spans exactly the <paramref name="occurrence"/>-th <paramref name="needle"/> of <paramref name="text"/>.</summary>
    public static void At(Reported diagnostic, string text, string needle, int occurrence = 1)
    {
        int offset = Offset(text, needle, occurrence);
        (int startLine, int startColumn) = Position(text, offset);
        (int endLine, int endColumn) = Position(text, offset + needle.Length);
        Assert.True(
            (diagnostic.StartLine, diagnostic.StartColumn, diagnostic.EndLine, diagnostic.EndColumn) == (startLine, startColumn, endLine, endColumn),
            $"Expected {diagnostic.Id} at ({startLine},{startColumn})-({endLine},{endColumn}) ['{needle}'], got {diagnostic}");
    }

    /// <summary>Asserts that <paramref name="diagnostic"/> spans exactly <paramref name="needle"/> where it first occurs inside <paramref name="context"/>.</summary>
    public static void Within(Reported diagnostic, string text, string context, string needle)
    {
        int inner = context.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(inner >= 0, $"'{context}' has no '{needle}'");
        int offset = Offset(text, context) + inner;
        (int startLine, int startColumn) = Position(text, offset);
        (int endLine, int endColumn) = Position(text, offset + needle.Length);
        At(diagnostic, startLine, startColumn, endLine, endColumn);
    }

    /// <summary>Asserts the diagnostic's start and end (0-based) directly.</summary>
    public static void At(Reported diagnostic, int startLine, int startColumn, int endLine, int endColumn) =>
        Assert.True(
            (diagnostic.StartLine, diagnostic.StartColumn, diagnostic.EndLine, diagnostic.EndColumn) == (startLine, startColumn, endLine, endColumn),
            $"Expected {diagnostic.Id} at ({startLine},{startColumn})-({endLine},{endColumn}), got {diagnostic}");

    public static void MessageContains(Reported diagnostic, params string[] parts)
    {
        foreach (string part in parts)
        {
            Assert.True(diagnostic.Message.Contains(part, StringComparison.Ordinal), $"Message of {diagnostic.Id} lacks '{part}': {diagnostic.Message}");
        }
    }
}
