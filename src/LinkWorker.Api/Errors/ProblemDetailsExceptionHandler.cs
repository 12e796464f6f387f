using System.Text.Json;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Domain.Common;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Errors;

/// <summary>
/// Maps every failure to RFC 9457 problem details. Messages come from our own exceptions and hold no personal
/// data; anything unexpected becomes a bare 500 with the correlation id and no stack trace.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>What a 503 asks the client to wait before retrying (seconds); a restart or failover takes a few.</summary>
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail, errors) = Describe(context, exception);
        if (status == StatusCodes.Status500InternalServerError)
        {
            // The exception type and stack only: messages of foreign exceptions may quote data.
            LogUnhandled(logger, exception.GetType().FullName ?? "?", exception.StackTrace ?? "");
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // Expected during an outage, and logged once per request (ADR 14); the innermost type says what broke.
            LogUnavailable(logger, Innermost(exception).GetType().FullName ?? "?");
            DatabaseFailures.ForgetPooledConnections();
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        context.Response.StatusCode = status;
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Type = type;
        problem.Title = title;
        problem.Detail = detail;
        if (exception is LinkWorker.Domain.Cases.InvalidCaseTransitionException transition)
        {
            problem.Extensions["currentState"] = transition.Current.ToString();
        }

        if (exception is ConsentRequiredException { Scope: { } scope })
        {
            problem.Extensions["missingScope"] = scope;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Type, string Title, string? Detail, IDictionary<string, string[]>? Errors) Describe(HttpContext context, Exception exception) =>
        exception switch
        {
            // Before DbUpdateException: a save that failed because the database went away is not a conflict.
            _ when DatabaseFailures.IsUnavailable(exception) => (503, ProblemTypes.TemporarilyUnavailable, "The service is temporarily unavailable.",
                "The database cannot be reached right now. Nothing was saved; retry after the Retry-After seconds with the same Idempotency-Key.", null),
            ValidationFailedException v => (400, ProblemTypes.Validation, "One or more fields are invalid.", null, v.Errors.ToDictionary(e => e.Key, e => e.Value)),
            ConsentRequiredException c => (409, ProblemTypes.ConsentRequired, "The citizen's consent is required.", c.Message, null),
            NotFoundException n => (404, ProblemTypes.NotFound, "Not found.", n.Message, null),
            ForbiddenException f => (403, ProblemTypes.Forbidden, "Forbidden.", f.Message, null),
            UnauthenticatedException u => (401, ProblemTypes.Unauthenticated, "Sign in first.", u.Message, null),
            InvalidCredentialsException i => (401, ProblemTypes.InvalidCredentials, "Sign-in refused.", i.Message, null),
            IdempotencyKeyReusedException k => (422, ProblemTypes.IdempotencyKeyReused, "Idempotency-Key reused.", k.Message, null),
            IdempotentRequestInFlightException f => (409, ProblemTypes.IdempotencyInFlight, "Request in progress.", f.Message, null),
            ConflictException c => (409, ProblemTypes.Conflict, "Conflict.", c.Message, null),
            DomainRuleException d => (409, ProblemTypes.Conflict, "Not allowed in the current state.", d.Message, null),
            DbUpdateException => (409, ProblemTypes.Conflict, "Conflict.", "Another request changed the same data at the same time; retry with the same Idempotency-Key.", null),
            BadHttpRequestException { StatusCode: 413 } => (413, ProblemTypes.PayloadTooLarge, "The request body is too large.", null, null),
            BadHttpRequestException { InnerException: JsonException json } => (400, ProblemTypes.Validation, "The request body is not valid JSON for this operation.", null, JsonError(json)),
            BadHttpRequestException b => (b.StatusCode, ProblemTypes.Validation, "The request is malformed.", b.Message, null),
            _ => (500, ProblemTypes.ServerError, "Something went wrong on our side.", $"Quote correlation id {CorrelationId(context)} when you report it.", null),
        };

    // Names the field from the JSON path ("$.citizen.cprNumber" → "citizen.cprNumber"); never echoes the value.
    private static Dictionary<string, string[]> JsonError(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
        var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "This field is not part of the request."
            : "The value has the wrong type or format.";
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal) && json.Message.Split('\'') is { Length: > 2 } parts)
        {
            var field = ToCamel(parts[1]);
            path = path == "$" ? field : path.EndsWith(field, StringComparison.Ordinal) ? path : $"{path}.{field}";
        }

        return new Dictionary<string, string[]>(StringComparer.Ordinal) { [path] = [message] };
    }

    private static string ToCamel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string? CorrelationId(HttpContext context) => Security.CorrelationIdMiddleware.Get(context);

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable ({ExceptionType}); answered 503 with Retry-After")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} at {StackTrace}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string stackTrace);
}
