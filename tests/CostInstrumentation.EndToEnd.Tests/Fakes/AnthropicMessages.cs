using Anthropic.Models.Messages;

// The parent namespace, so the test project and the end-to-end library (which links this file) both see it.
namespace CostInstrumentation.EndToEnd;

/// <summary>
/// A user turn for an Anthropic request on either SDK line: Anthropic 13 made <see cref="MessageParam"/> a union
/// of role-specific params, while 12 (the PREVIOUS_SDKS build) set Role and Content.
/// </summary>
internal static class AnthropicMessages
{
    public static MessageParam User(string text) =>
#if PREVIOUS_SDKS
        new() { Role = Role.User, Content = text };
#else
        new UserMessageParam(text);
#endif
}
