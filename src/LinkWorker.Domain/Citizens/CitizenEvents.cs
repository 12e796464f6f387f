using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Citizens;

/// <summary>Processing of the citizen's data is restricted (GDPR art. 18): nothing planned for them may go ahead.</summary>
public sealed record CitizenRestricted(Guid CitizenId, string MunicipalityCode, DateTimeOffset At) : IDomainEvent;
