namespace LinkWorker.Application.Common.Exceptions;

/// <summary>Input failed validation; each field names what is wrong with it.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The entity does not exist — or exists but is not the caller's: both look the same from outside.</summary>
public sealed class NotFoundException(string entity) : Exception($"{entity} was not found.")
{
    public string Entity { get; } = entity;
}

/// <summary>The caller is signed in but their role may not do this.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>No signed-in user where one is needed.</summary>
public sealed class UnauthenticatedException() : Exception("Sign in first.");

/// <summary>The request clashes with the current state (another edit won, or a state forbids it).</summary>
public class ConflictException(string message) : Exception(message);

/// <summary>The guide has no free place (or is inactive): taking one of their places failed.</summary>
public sealed class NoFreePlaceException(Guid guideId, string message) : ConflictException(message)
{
    public Guid GuideId { get; } = guideId;
}

/// <summary>An Idempotency-Key was reused with a different request.</summary>
public sealed class IdempotencyKeyReusedException()
    : Exception("This Idempotency-Key was already used for a different request.");

/// <summary>A request with the same Idempotency-Key is still being processed.</summary>
public sealed class IdempotentRequestInFlightException()
    : Exception("A request with this Idempotency-Key is still in progress; retry later.");

/// <summary>User name or password is wrong, the account is locked, or a refresh token is not valid.</summary>
public sealed class InvalidCredentialsException(string message) : Exception(message);
