namespace WebApi;

/// <summary>A question to the support desk, in a conversation.</summary>
public sealed record SupportRequest(string Question, string ConversationId);

/// <summary>A prompt for the chat endpoint.</summary>
public sealed record ChatRequest(string Prompt);

/// <summary>What the model answered, and which model (as the provider reported it).</summary>
public sealed record Reply(string Text, string Model);

/// <summary>Today's recorded calls (UTC), their cost as an exact decimal string, and the calls whose cost is unknown.</summary>
public sealed record SpendToday(long Calls, string CostUsd, long UnpricedCalls);
