namespace LinkWorker.Domain.Common;

/// <summary>An aggregate guarded by optimistic concurrency: the version grows on every save.</summary>
public interface IVersioned
{
    int Version { get; set; }
}
