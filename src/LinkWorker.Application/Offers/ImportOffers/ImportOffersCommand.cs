using System.Globalization;
using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Offers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Offers.ImportOffers;

/// <summary>
/// Offers from a spreadsheet (CSV, columns in docs/directory-exchange.md). Each row is checked on its own: a bad row
/// is reported with its line and column and left out, the good rows are added, or update the offer with the same
/// externalId — so importing the same file twice changes nothing the second time.
/// </summary>
[Authorize(Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record ImportOffersCommand(string? Csv) : IRequest<OfferImportResult>, IIdempotentRequest
{
    public string? IdempotencyKey { get; init; }
}

/// <summary>What the import did; <see cref="Errors"/> names the line (the header is line 1) and column of each problem.</summary>
public sealed record OfferImportResult(int Created, int Updated, int Rejected, IReadOnlyList<OfferImportError> Errors);

/// <summary>A problem with the file; <see cref="Field"/> is the column, or null for the row as a whole.</summary>
public sealed record OfferImportError(int Line, string? Field, string Message);

internal sealed class ImportOffersValidator : AbstractValidator<ImportOffersCommand>
{
    public ImportOffersValidator() =>
        RuleFor(c => c.Csv).Must(csv => !string.IsNullOrWhiteSpace(csv?.TrimStart('\uFEFF')))
            .WithMessage("Send the offers as CSV: a header line with the column names, then one offer per line.");
}

internal sealed class ImportOffersHandler(IAppDbContext db, ICurrentUser user, OfferCatalogue catalogue, TimeProvider clock)
    : IRequestHandler<ImportOffersCommand, OfferImportResult>
{
    private const string ExternalIdExplained =
        "it is the offer's key: importing the same file again updates these offers instead of adding them twice.";

    public async ValueTask<OfferImportResult> Handle(ImportOffersCommand command, CancellationToken cancellationToken)
    {
        var text = command.Csv!;
        var records = CsvReader.Read(text, CsvReader.DetectDelimiter(text.TrimStart('\uFEFF'))).ToList();
        var errors = new List<OfferImportError>();
        var columns = Header(records[0], errors);

        var districts = await catalogue.Districts(cancellationToken);
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var good = new List<Row>();
        foreach (var record in records.Skip(1).Where(r => r.Fields.Any(f => !string.IsNullOrWhiteSpace(f))))
        {
            var rowErrors = new List<OfferImportError>();
            var row = Read(record, columns, records[0].Fields.Count, districts, rowErrors);
            if (row?.Input.ExternalId is { } externalId && !firstLineOf.TryAdd(externalId, record.Line))
            {
                rowErrors.Add(new(record.Line, OfferCsvRow.ExternalId, $"This externalId is already on line {firstLineOf[externalId]}: each offer appears once in a file."));
            }

            if (rowErrors.Count == 0)
            {
                good.Add(row!);
            }

            errors.AddRange(rowErrors);
        }

        var (created, updated) = await Save(good, cancellationToken);
        return new OfferImportResult(
            created, updated, errors.Where(e => e.Line > 1).Select(e => e.Line).Distinct().Count(), [.. errors.Select(e => ImportTexts.In(e, user.Language))]);
    }

    /// <summary>Column positions by their documented name. Unknown columns are reported and ignored; a missing key column stops the import.</summary>
    private Dictionary<string, int> Header(CsvRecord header, List<OfferImportError> errors)
    {
        if (header.Error is { } malformed)
        {
            throw Invalid("csv", $"Line 1 (the header): {malformed}");
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim();
            var column = OfferCsvRow.Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                errors.Add(new(1, name, $"Unknown column, ignored. The columns are: {string.Join(", ", OfferCsvRow.Columns)}."));
            }
            else if (!columns.TryAdd(column, i))
            {
                throw Invalid(column, $"The column {column} appears twice in the header.");
            }
        }

        if (!columns.ContainsKey(OfferCsvRow.ExternalId))
        {
            throw Invalid(OfferCsvRow.ExternalId, $"Add an externalId column: {ExternalIdExplained}");
        }

        return columns;
    }

    private Row? Read(
        CsvRecord record, Dictionary<string, int> columns, int headerWidth, IReadOnlyList<Domain.Districts.District> districts, List<OfferImportError> errors)
    {
        void Error(string? field, string message) => errors.Add(new(record.Line, field, message));
        if (record.Error is { } malformed)
        {
            Error(null, malformed);
            return null;
        }

        if (record.Fields.Skip(headerWidth).Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            Error(null, "This line has more fields than the header; put a field that holds the delimiter in quotes.");
            return null;
        }

        string? Cell(string column) =>
            columns.TryGetValue(column, out var i) && i < record.Fields.Count && !string.IsNullOrWhiteSpace(record.Fields[i]) ? record.Fields[i].Trim() : null;

        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        var input = OfferCsvRow.ToInput(Cell, (field, message) =>
        {
            unreadable.Add(field);
            Error(field, message);
        });
        if (input.ExternalId is null)
        {
            Error(OfferCsvRow.ExternalId, $"Give each offer an externalId: {ExternalIdExplained}");
        }

        if (Cell(OfferCsvRow.District) is { } districtName)
        {
            var district = districts.FirstOrDefault(d => string.Equals(d.Name, districtName, StringComparison.OrdinalIgnoreCase));
            if (district is null)
            {
                Error(OfferCsvRow.District, $"No district is called \"{districtName}\". The districts are: {string.Join(", ", districts.Select(d => d.Name).Order(StringComparer.Ordinal))}.");
            }

            input = input with { DistrictId = district?.Id };
        }

        DateOnly? lastVerified = null;
        if (Cell(OfferCsvRow.LastVerified) is { } verified)
        {
            if (!DateOnly.TryParseExact(verified, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                Error(OfferCsvRow.LastVerified, "Give the date as yyyy-MM-dd, or leave it empty for today.");
            }
            else if (day > DanishTime.Today(clock))
            {
                Error(OfferCsvRow.LastVerified, "The offer cannot have been verified in the future.");
            }
            else
            {
                lastVerified = day;
            }
        }

        foreach (var failure in OfferInputValidator.Instance.Validate(input).Errors)
        {
            var column = OfferCsvRow.ColumnOf(failure.PropertyName);
            if (!unreadable.Contains(column) && !errors.Any(e => e.Field == column && e.Message == failure.ErrorMessage))
            {
                Error(column, failure.ErrorMessage);
            }
        }

        var details = errors.Count > 0 ? null : OfferCatalogue.ToDetails(input, districts, (field, message) => Error(OfferCsvRow.ColumnOf(field), message));
        return new Row(input, details, lastVerified);
    }

    private async Task<(int Created, int Updated)> Save(List<Row> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Details!.ExternalId!).ToList();
        var existing = await db.Offers.Where(o => o.ExternalId != null && ids.Contains(o.ExternalId))
            .ToDictionaryAsync(o => o.ExternalId!, StringComparer.Ordinal, cancellationToken);
        var now = await catalogue.VerificationNow(cancellationToken);
        int created = 0, updated = 0;
        foreach (var row in rows)
        {
            var organiser = await catalogue.Organiser(row.Input.Organiser!, cancellationToken);
            var verification = row.LastVerified is { } day ? now with { At = DanishTime.StartOf(day) } : now;
            var details = row.Details!;
            if (existing.TryGetValue(details.ExternalId!, out var offer))
            {
                offer.Update(organiser.Id, details);
                offer.Verify(verification);
                updated++;
            }
            else
            {
                db.Offers.Add(new Offer(Guid.CreateVersion7(clock.GetUtcNow()), user.RequiredMunicipalityCode, organiser.Id, details, verification));
                created++;
            }
        }

        return (created, updated);
    }

    private ValidationFailedException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [ImportTexts.In(message, user.Language)] });

    /// <summary>A row read and checked; <see cref="Details"/> is null when it has errors.</summary>
    private sealed record Row(OfferInput Input, OfferDetails? Details, DateOnly? LastVerified);
}
