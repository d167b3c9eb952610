using System.Text.Json;

namespace CostInstrumentation.Tests.Storage;

public sealed class TagsJsonTests
{
    public static TheoryData<string[]> Tags => new()
    {
        Array.Empty<string>(),
        new[] { "a" },
        new[] { "team:search", "tier:gold" },
        new[] { "\"quoted\" \\ back\\slash", "'); DROP TABLE llm_calls;--" },
        new[] { "\0\u0001\u001f\t\n\r\b\f", "\u007f\u0080\u2028\u2029" },
        new[] { "🚀 👩‍👩‍👧", "模型", "\u202Eمرحبا", "</script>&<" },
        new[] { "lone \uD800 high", "lone \uDC00 low", "\uDBFF" },
        new[] { string.Empty, string.Empty },
    };

    [Theory]
    [MemberData(nameof(Tags))]
    public void AnyJsonReader_GetsTheTagsBackVerbatim(string[] tags) =>
        Assert.Equal(tags, JsonSerializer.Deserialize<string[]>(TagsJson.Write(tags)));

    [Fact]
    public void PlainTags_AreWrittenAsIs_AndNoTagsAsAnEmptyArray()
    {
        Assert.Equal("""["team:search","ünïcødé 模型"]""", TagsJson.Write(["team:search", "ünïcødé 模型"]));
        Assert.Equal("[]", TagsJson.Write([]));
        Assert.Equal("[]", TagsJson.Write(null));
    }
}
