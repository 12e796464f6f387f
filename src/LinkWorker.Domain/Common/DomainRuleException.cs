namespace LinkWorker.Domain.Common;

/// <summary>A business rule refused an operation; the message is safe to show (it holds no personal data).</summary>
public class DomainRuleException(string message) : Exception(message);
