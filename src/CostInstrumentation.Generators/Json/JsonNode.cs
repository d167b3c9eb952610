using System.Collections.Generic;

namespace CostInstrumentation.Generators.Json;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,

    /// <summary><c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c>: not JSON, kept so the price check can name them.</summary>
    NonFiniteNumber,
}

/// <summary>A parsed JSON value with its position in the source text. Numbers keep their exact text.</summary>
internal sealed class JsonNode
{
    private static readonly List<JsonProperty> NoProperties = new();
    private static readonly List<JsonNode> NoItems = new();

    public JsonNode(JsonKind kind, int start, int length, string? text = null, List<JsonProperty>? properties = null, List<JsonNode>? items = null)
    {
        Kind = kind;
        Start = start;
        Length = length;
        Text = text;
        Properties = properties ?? NoProperties;
        Items = items ?? NoItems;
    }

    public JsonKind Kind { get; }

    public int Start { get; }

    public int Length { get; }

    /// <summary>The unescaped value of a string, or the literal text of a number.</summary>
    public string? Text { get; }

    /// <summary>An object's members in source order, duplicates included.</summary>
    public List<JsonProperty> Properties { get; }

    public List<JsonNode> Items { get; }

    public JsonNode? Property(string name)
    {
        foreach (JsonProperty property in Properties)
        {
            if (property.Name == name)
            {
                return property.Value;
            }
        }

        return null;
    }

    public string Describe() => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        JsonKind.Null => "null",
        _ => "a non-finite number",
    };
}

/// <summary>An object member; <see cref="NameStart"/> and <see cref="NameLength"/> locate the quoted name.</summary>
internal sealed class JsonProperty
{
    public JsonProperty(string name, int nameStart, int nameLength, JsonNode value)
    {
        Name = name;
        NameStart = nameStart;
        NameLength = nameLength;
        Value = value;
    }

    public string Name { get; }

    public int NameStart { get; }

    public int NameLength { get; }

    public JsonNode Value { get; }
}

/// <summary>Why a text is not JSON, and where.</summary>
internal sealed class JsonSyntaxError
{
    public JsonSyntaxError(string message, int position)
    {
        Message = message;
        Position = position;
    }

    public string Message { get; }

    public int Position { get; }
}
