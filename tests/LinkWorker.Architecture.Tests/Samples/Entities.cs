using LinkWorker.Domain.Common;

namespace LinkWorker.Architecture.Tests.Samples.Entities;

/// <summary>Good: state changes only through its methods; Version is the allowed exception.</summary>
public sealed class SealedEntity : IVersioned
{
    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public int Version { get; set; }

    public void Rename(string name) => Name = name;
}

/// <summary>Bad: Id and Name can be set from outside, Name through an object initializer.</summary>
public sealed class LeakyEntity : IVersioned
{
    public Guid Id { get; set; }

    public string Name { get; init; } = "";

    public int Version { get; set; }
}

/// <summary>Bad: a public Version without IVersioned is just another public setter.</summary>
public sealed class UnversionedEntity
{
    public Guid Id { get; private set; }

    public int Version { get; set; }
}

/// <summary>Bad: a public writable field.</summary>
public sealed class FieldEntity
{
#pragma warning disable CA1051 // The writable field is the violation this sample shows.
    public string Name = "";
#pragma warning restore CA1051

    public Guid Id { get; private set; }
}
