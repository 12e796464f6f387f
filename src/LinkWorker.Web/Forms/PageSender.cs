using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Domain.Common;
using LinkWorker.Web.Localization;
using Mediator;

namespace LinkWorker.Web.Forms;

/// <summary>
/// Sends a page's request through the same <see cref="ISender"/> pipeline as the API (authorization, validation,
/// audit, idempotency, one transaction) and turns the pipeline's refusals into form errors in the page's language.
/// </summary>
public sealed class PageSender(ISender sender, Text text) : IDisposable
{
    // The layout and the page initialise side by side during one render, but they share the request's database
    // context and its unit of work: one request at a time.
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<T> Send<T>(IRequest<T> request)
    {
        await _one.WaitAsync();
        try
        {
            return await sender.Send(request);
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    /// <summary>The answer, or default with <paramref name="errors"/> filled when the request was refused.</summary>
    public async Task<(bool Ok, T? Value)> Try<T>(IRequest<T> request, FormErrors errors)
    {
        try
        {
            return (true, await Send(request));
        }
        catch (ValidationFailedException validation)
        {
            foreach (var (field, messages) in validation.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, Text.Message(message));
                }
            }
        }
        catch (ConsentRequiredException consent)
        {
            errors.General = consent.Scope is { } scope
                ? text.Format("Error.ConsentMissing", text[$"ConsentScope.{scope}"])
                : Text.Message(consent.Message);
        }
        catch (ConflictException conflict) when (conflict.Message.Contains("reload", StringComparison.OrdinalIgnoreCase))
        {
            errors.VersionConflict = true;
        }
        catch (ConflictException conflict)
        {
            errors.General = Text.Message(conflict.Message);
        }
        catch (DomainRuleException rule)
        {
            errors.General = Text.Message(rule.Message);
        }
        catch (IdempotentRequestInFlightException)
        {
            errors.General = text["Error.InFlight"];
        }
        catch (ForbiddenException)
        {
            errors.General = text["Error.Forbidden"];
        }

        return (false, default);
    }
}
