namespace LinkWorker.Domain.Common;

/// <summary>An action needs the citizen's consent, and that consent is missing or no longer active.</summary>
public sealed class ConsentRequiredException(string message) : DomainRuleException(message)
{
    /// <summary>The consent scope that is missing, when one scope is meant.</summary>
    public string? Scope { get; init; }
}
