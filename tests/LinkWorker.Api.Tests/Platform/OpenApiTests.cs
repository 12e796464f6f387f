using System.Net;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;

namespace LinkWorker.Api.Tests.Platform;

/// <summary>The OpenAPI document describes success as well as failure, with the validators' limits.</summary>
public sealed class OpenApiTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task Every_success_response_of_every_operation_has_a_schema()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));

        var missing = new List<string>();
        var operations = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                operations++;
                var successes = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToArray();
                if (successes.Length == 0)
                {
                    missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: no success response");
                }

                // 204 No Content has no body to describe.
                foreach (var success in successes.Where(r => r.Name != "204"))
                {
                    var hasSchema = success.Value.TryGetProperty("content", out var content)
                        && content.EnumerateObject().Any(media => media.Value.TryGetProperty("schema", out _));
                    if (!hasSchema)
                    {
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: {success.Name} without a schema");
                    }
                }
            }
        }

        operations.Should().BeGreaterThan(50, "the walk must see the real operations");
        missing.Should().BeEmpty();
    }

    [Fact]
    public async Task Submitting_a_referral_documents_its_201_and_the_validators_limits()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var post = document.RootElement.GetProperty("paths").EnumerateObject()
            .Single(p => p.Name.TrimEnd('/') == "/api/referrals").Value.GetProperty("post");

        post.GetProperty("responses").TryGetProperty("201", out _).Should().BeTrue();
        post.GetProperty("parameters").EnumerateArray().Should().Contain(p => p.GetProperty("name").GetString() == "Idempotency-Key");

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var referral = schemas.GetProperty("SubmitReferralCommand");
        referral.GetProperty("properties").GetProperty("reason").GetProperty("maxLength").GetInt32().Should().Be(4000);
        referral.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Contain("reason");
        JsonSerializer.Serialize(schemas).Should().Contain("\"enum\"", "enums are listed by name");
    }
}

public sealed class OpenApiOffTests(OpenApiOffTests.Factory factory) : IClassFixture<OpenApiOffTests.Factory>
{
    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task Outside_development_the_document_and_the_ui_are_off_unless_turned_on(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().NotBe(HttpStatusCode.OK);
    }

    public sealed class Factory : SqliteApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Api:OpenApi", "false")];
    }
}
