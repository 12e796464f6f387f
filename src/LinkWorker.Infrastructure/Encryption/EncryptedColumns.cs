using System.Text.Json;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Idempotency;
using LinkWorker.Domain.Notifications;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LinkWorker.Infrastructure.Encryption;

/// <summary>
/// Which columns hold ciphertext (ADR 26): the CPR number, contact details and every free text about a citizen.
/// Domain and Application see plain strings; the value converters encrypt on write and decrypt on read. Such a
/// column cannot be compared in a query (equal texts encrypt differently): the CPR number is found by its hash.
/// The configurations' maximum lengths are those of the plain text, which the validators enforce; the columns
/// themselves are unbounded, since ciphertext is longer. The migration that adds a column here inserts the
/// <see cref="StartupTask.EncryptPlainText"/> row, so the next start encrypts the values already written (ADR 34).
/// </summary>
public static class EncryptedColumns
{
    /// <summary>The shadow column with the CPR number's keyed hash; unique per municipality.</summary>
    public const string CprHash = "CprHash";

    internal static void Configure(ModelBuilder builder, FieldCipher cipher)
    {
        var citizen = builder.Entity<Citizen>();
        Encrypt(citizen.Property(c => c.CprNumber), cipher, "Citizens", "CprNumber");
        Encrypt(citizen.Property(c => c.Phone), cipher, "Citizens", "Phone");
        Encrypt(citizen.Property(c => c.Email), cipher, "Citizens", "Email");
        citizen.ComplexProperty(c => c.Address, address => Encrypt(address.Property(a => a.Street), cipher, "Citizens", "Street"));

        var referral = builder.Entity<Referral>();
        Encrypt(referral.Property(r => r.Reason), cipher, "Referrals", "Reason");
        referral.ComplexProperty(r => r.PracticalNeeds, needs => Encrypt(needs.Property(n => n.Notes), cipher, "Referrals", "PracticalNeedsNotes"));

        Encrypt(builder.Entity<Case>().Property(c => c.ClosureNote), cipher, "Cases", "ClosureNote");

        var conversation = builder.Entity<Conversation>();
        Encrypt(conversation.Property(c => c.Summary), cipher, "Conversations", "Summary");
        Encrypt(conversation.Property(c => c.CitizensView), cipher, "Conversations", "CitizensView");
        Encrypt(conversation.Property(c => c.AgreedNextSteps), cipher, "Conversations", "AgreedNextSteps");

        var amendment = builder.Entity<ConversationAmendment>();
        Encrypt(amendment.Property(a => a.OldValue), cipher, "ConversationAmendments", "OldValue");
        Encrypt(amendment.Property(a => a.NewValue), cipher, "ConversationAmendments", "NewValue");
        Encrypt(amendment.Property(a => a.Reason), cipher, "ConversationAmendments", "Reason");

        var followUp = builder.Entity<FollowUp>();
        Encrypt(followUp.Property(f => f.Note), cipher, "FollowUps", "Note");
        Encrypt(followUp.Property(f => f.CancellationReason), cipher, "FollowUps", "CancellationReason");

        Encrypt(builder.Entity<Consent>().Property(c => c.WithdrawalReason), cipher, "Consents", "WithdrawalReason");
        Encrypt(builder.Entity<CommunityParticipation>().Property(p => p.StopReason), cipher, "CommunityParticipations", "StopReason");

        // A hand-back or assignment reason is free text a guide wrote about the case.
        var reasons = builder.Entity<RoutingDecision>().Property(d => d.Reasons);
        reasons.HasConversion(new EncryptedJsonList("RoutingDecisions.Reasons", cipher), Persistence.Configurations.ValueConversions.ListComparer<string>());
        reasons.Metadata.SetMaxLength(null);

        // The outbox: a citizen's phone number or e-mail address, and messages that name them.
        var notification = builder.Entity<Notification>();
        Encrypt(notification.Property(n => n.Destination), cipher, "Notifications", "Destination");
        Encrypt(notification.Property(n => n.Body), cipher, "Notifications", "Body");
        Encrypt(notification.Property(n => n.EnglishBody), cipher, "Notifications", "EnglishBody");

        // Rectification keeps the earlier value (a phone number, an address); requests carry the citizen's reasons.
        var rectification = builder.Entity<CitizenRectification>();
        Encrypt(rectification.Property(r => r.OldValue), cipher, "CitizenRectifications", "OldValue");
        Encrypt(rectification.Property(r => r.NewValue), cipher, "CitizenRectifications", "NewValue");
        Encrypt(rectification.Property(r => r.Reason), cipher, "CitizenRectifications", "Reason");
        var request = builder.Entity<RightsRequest>();
        Encrypt(request.Property(r => r.Reason), cipher, "RightsRequests", "Reason");
        Encrypt(request.Property(r => r.DecisionNote), cipher, "RightsRequests", "DecisionNote");

        // A replayed response can be a case with its citizen's details.
        Encrypt(builder.Entity<IdempotencyRecord>().Property(r => r.Response), cipher, "IdempotencyRecords", "Response");
    }

    /// <summary>Every encrypted column of the model: table, column and the converter's associated data.</summary>
    public static IReadOnlyList<EncryptedColumn> Of(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var columns = new List<EncryptedColumn>();
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null)
            {
                continue;
            }

            var properties = entity.GetProperties().Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties()));
            foreach (var property in properties)
            {
                if (property.GetValueConverter() is IEncryptingConverter encrypting)
                {
                    columns.Add(new EncryptedColumn(table, property.GetColumnName(), encrypting.Column));
                }
            }
        }

        return columns.OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal).ToList();
    }

    private static void Encrypt(PropertyBuilder property, FieldCipher cipher, string table, string column)
    {
        property.HasConversion(new EncryptedText($"{table}.{column}", cipher));
        property.Metadata.SetMaxLength(null);
    }

    private static void Encrypt(ComplexTypePropertyBuilder property, FieldCipher cipher, string table, string column)
    {
        property.HasConversion(new EncryptedText($"{table}.{column}", cipher));
        property.Metadata.SetMaxLength(null);
    }
}

public sealed record EncryptedColumn(string Table, string Column, string AssociatedData);

internal interface IEncryptingConverter
{
    string Column { get; }
}

internal sealed class EncryptedText(string column, FieldCipher cipher)
    : ValueConverter<string, string>(value => cipher.Encrypt(value, column), stored => cipher.Decrypt(stored, column)), IEncryptingConverter
{
    public string Column { get; } = column;
}

internal sealed class EncryptedJsonList(string column, FieldCipher cipher)
    : ValueConverter<IReadOnlyList<string>, string>(
        list => cipher.Encrypt(JsonSerializer.Serialize(list, JsonOptions.Web), column),
        stored => JsonSerializer.Deserialize<List<string>>(cipher.Decrypt(stored, column), JsonOptions.Web) ?? new List<string>()),
    IEncryptingConverter
{
    public string Column { get; } = column;
}

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// The model holds the converters and they hold the ring, so each ring gets its own model: one in a service,
/// one per test server in a test run.
/// </summary>
internal sealed class CipherModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is LinkWorkerDbContext linkWorker ? (context.GetType(), linkWorker.Cipher, designTime) : (context.GetType(), designTime);
}
