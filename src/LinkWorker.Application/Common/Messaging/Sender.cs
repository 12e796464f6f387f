using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Application.Common.Messaging;

/// <summary>Resolves a request's handler and behaviours from the container and runs them in registration order.</summary>
internal sealed class Sender(IServiceProvider services) : ISender
{
    private static readonly ConcurrentDictionary<Type, HandlerInvoker> Invokers = new();

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invoker = Invokers.GetOrAdd(
            request.GetType(),
            type => (HandlerInvoker)Activator.CreateInstance(typeof(HandlerInvoker<,>).MakeGenericType(type, typeof(TResponse)))!);
        return ((HandlerInvoker<TResponse>)invoker).Invoke(request, services, cancellationToken);
    }

    private abstract class HandlerInvoker;

    private abstract class HandlerInvoker<TResponse> : HandlerInvoker
    {
        public abstract Task<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken);
    }

    private sealed class HandlerInvoker<TRequest, TResponse> : HandlerInvoker<TResponse>
        where TRequest : IRequest<TResponse>
    {
        public override Task<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken)
        {
            var typed = (TRequest)request;
            var handler = services.GetRequiredService<IRequestHandler<TRequest, TResponse>>();
            RequestHandlerDelegate<TResponse> pipeline = () => handler.Handle(typed, cancellationToken);

            // Behaviours run outermost first, in the order they were registered.
            foreach (var behaviour in services.GetServices<IPipelineBehavior<TRequest, TResponse>>().Reverse())
            {
                var next = pipeline;
                pipeline = () => behaviour.Handle(typed, next, cancellationToken);
            }

            return pipeline();
        }
    }
}
