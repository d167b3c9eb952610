namespace CostInstrumentation;

/// <summary>How a test alert sent through one alert channel went (<see cref="LlmCostPipeline.SendTestAlertAsync(CancellationToken)"/>).</summary>
/// <param name="Channel"><c>log</c>, <c>webhook</c> or <c>email</c>.</param>
/// <param name="Delivered">Whether the channel accepted it (the logger wrote it, the webhook answered 2xx, the SMTP server took the message).</param>
/// <param name="Detail">Where it went, or why it did not get there.</param>
public sealed record LlmAlertTestResult(string Channel, bool Delivered, string Detail);
