namespace LinkWorker.Domain.Common;

/// <summary>A row of citizen data. It belongs to exactly one municipality, and only that municipality may read it.</summary>
public interface IMunicipalityScoped
{
    string MunicipalityCode { get; }
}
