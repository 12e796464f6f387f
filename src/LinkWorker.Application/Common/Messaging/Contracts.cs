namespace LinkWorker.Application.Common.Messaging;

// MediatR's shapes, kept by name so that moving to MediatR (not served here) is mechanical.

/// <summary>A use case's input; TResponse is what it answers.</summary>
#pragma warning disable CA1040 // A marker: the type parameter carries the meaning.
public interface IRequest<out TResponse>;
#pragma warning restore CA1040

public interface IRequestHandler<in TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken);
}

#pragma warning disable CA1711 // MediatR's name, kept on purpose.
public delegate Task<TResponse> RequestHandlerDelegate<TResponse>();
#pragma warning restore CA1711

/// <summary>A step around every handler: authorization, validation, transactions, audit…</summary>
public interface IPipelineBehavior<in TRequest, TResponse>
    where TRequest : notnull
{
    Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken);
}

public interface ISender
{
    Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);
}
