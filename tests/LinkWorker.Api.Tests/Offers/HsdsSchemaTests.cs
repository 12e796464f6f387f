using System.Text.Json;
using System.Text.Json.Nodes;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Offers;

public sealed class HsdsSchemaTests_Sqlite(SqliteApiFactory factory) : HsdsSchemaTests<SqliteApiFactory>(factory);

public sealed class HsdsSchemaTests_Postgres(PostgresApiFactory factory) : HsdsSchemaTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// The HSDS export against the Open Referral HSDS 3.0 rules, written here rather than copied: the required
/// properties of each object (openreferral/specification, schema/*.json of 3.0) and which property holds which
/// object. Checked on the demo directories of Aarhus (Region Midtjylland) and Odsherred (Region Sjælland).
/// </summary>
public abstract class HsdsSchemaTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    /// <summary>HSDS 3.0: the properties each object must have.</summary>
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["service"] = ["id", "name", "status"],
        ["organization"] = ["id", "name", "description"],
        ["service_at_location"] = ["id"],
        ["location"] = ["id", "location_type"],
        ["address"] = ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
        ["schedule"] = ["id"],
        ["service_area"] = ["id"],
        ["contact"] = ["id"],
        ["phone"] = ["id", "number"],
        ["language"] = ["id"],
        ["cost_option"] = ["id"],
        ["accessibility"] = ["id"],
        // "required" is only "id"; link_id, taxonomy_term_id and link_entity are its "tabular_required".
        ["attribute"] = ["id", "link_id", "taxonomy_term_id", "link_entity"],
        ["taxonomy_term"] = ["id", "name", "description"],
    };

    /// <summary>HSDS 3.0: which property of an object holds which object (an array of them, or one).</summary>
    private static readonly Dictionary<(string Parent, string Property), string> Holds = new()
    {
        [("service", "organization")] = "organization",
        [("service", "service_at_locations")] = "service_at_location",
        [("service", "schedules")] = "schedule",
        [("service", "service_areas")] = "service_area",
        [("service", "contacts")] = "contact",
        [("service", "phones")] = "phone",
        [("service", "languages")] = "language",
        [("service", "cost_options")] = "cost_option",
        [("service", "attributes")] = "attribute",
        [("organization", "phones")] = "phone",
        [("service_at_location", "location")] = "location",
        [("service_at_location", "schedules")] = "schedule",
        [("location", "addresses")] = "address",
        [("location", "accessibility")] = "accessibility",
        [("contact", "phones")] = "phone",
        [("attribute", "taxonomy_term")] = "taxonomy_term",
    };

    [DatabaseTheory]
    [InlineData("coordinator.aarhus", "Region Midtjylland")]
    [InlineData("coordinator.odsherred", "Region Sjælland")]
    public async Task The_export_has_every_property_HSDS_3_requires(string coordinator, string region)
    {
        var services = JsonNode.Parse(await (await factory.ClientFor(coordinator)).GetStringAsync("/api/offers/export"))!.AsArray();

        services.Should().NotBeEmpty();
        var violations = services.SelectMany((s, i) => Violations("service", s!.AsObject(), $"[{i}]")).ToList();
        violations.Should().BeEmpty();
        services.SelectMany(s => s!["service_at_locations"]!.AsArray())
            .SelectMany(at => at!["location"]!["addresses"]!.AsArray())
            .Select(a => a!["state_province"]!.GetValue<string>())
            .Should().NotBeEmpty().And.OnlyContain(p => p == region);
        services.SelectMany(s => s!["attributes"]!.AsArray()).Select(a => a!["taxonomy_term"]!["description"]!.GetValue<string>())
            .Should().Contain(d => d.StartsWith("Interest: ", StringComparison.Ordinal)).And.OnlyContain(d => d.Length > 0);
    }

    [Fact]
    public void The_rules_find_a_missing_required_property_however_deep()
    {
        var service = JsonNode.Parse("""
            {"id":"s","name":"n","status":"active","organization":{"id":"o","name":"Forening"},
             "service_at_locations":[{"id":"a","location":{"id":"l","location_type":"physical",
               "addresses":[{"id":"ad","address_1":"Torvet 1","city":"By","postal_code":"8000","country":"DK","address_type":"physical"}]}}],
             "attributes":[{"id":"at","link_id":"s","link_entity":"service","taxonomy_term_id":"t","taxonomy_term":{"id":"t","name":"Crafts"}}]}
            """)!.AsObject();

        Violations("service", service, "").Should().BeEquivalentTo(
            "service.organization: description",
            "service.service_at_locations[0].location.addresses[0]: state_province",
            "service.attributes[0].taxonomy_term: description");
    }

    private static IEnumerable<string> Violations(string type, JsonObject value, string path)
    {
        var here = $"{type}{path}";
        foreach (var missing in Required[type].Where(p => value[p] is null))
        {
            yield return $"{here}: {missing}";
        }

        foreach (var (name, node) in value)
        {
            if (!Holds.TryGetValue((type, name), out var child) || node is null)
            {
                continue;
            }

            IEnumerable<(JsonObject Item, string Path)> nested = node is JsonArray array
                ? array.Select((item, i) => (Item: item!.AsObject(), Path: $"{here}.{name}[{i}]"))
                : [(node.AsObject(), $"{here}.{name}")];
            foreach (var (item, itemPath) in nested)
            {
                foreach (var violation in Violations(child, item, "").Select(v => itemPath + v[child.Length..]))
                {
                    yield return violation;
                }
            }
        }
    }
}
