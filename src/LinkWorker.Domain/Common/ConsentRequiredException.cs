namespace LinkWorker.Domain.Common;

/// <summary>An action needs the citizen's consent, and that consent is missing or no longer active.</summary>
public sealed class ConsentRequiredException(string message) : DomainRuleException(message);
