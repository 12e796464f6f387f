using System.Net;
using System.Net.Http.Headers;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Auth;

public sealed class TwoNodeTests_Sqlite(SqliteApiFactory factory) : TwoNodeTests<SqliteApiFactory>(factory);

public sealed class TwoNodeTests_Postgres(PostgresApiFactory factory) : TwoNodeTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Two nodes on one database share the OpenID Connect server's keys, sessions and refresh tokens (ADR 0013).</summary>
public abstract class TwoNodeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_sign_in_begun_on_one_node_finishes_on_the_other_and_each_accepts_the_others_tokens()
    {
        await using var second = factory.NodeOnSameDatabase();
        var onFirst = new OidcBrowser(factory);
        var onSecond = onFirst.OnNode(second);
        var (verifier, challenge) = OidcBrowser.NewPkce();

        // The form comes from node 1, is posted to node 2 (antiforgery and session cookie keys are shared)…
        var toSignIn = await onFirst.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge));
        var page = await (await onFirst.Http.GetAsync(toSignIn.Headers.Location)).Content.ReadAsStringAsync();
        var posted = await onSecond.PostSignInForm(page, "coordinator.aarhus", LinkWorkerApiFactory.DemoPassword);
        // …node 1 issues the code, node 2 redeems it (the encryption key is shared).
        var code = OidcBrowser.CodeFrom(await onFirst.Http.GetAsync(posted.Headers.Location));
        var exchanged = await onSecond.ExchangeAsync(code, verifier);
        var tokens = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<OidcTokens>(exchanged.Content, OidcTokens.Json))!;
        var refreshedOnFirst = await onFirst.RefreshAsync(tokens.RefreshToken!);

        posted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        exchanged.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Me(factory, tokens.AccessToken)).Should().Be(HttpStatusCode.OK);
        (await Me(second, tokens.AccessToken)).Should().Be(HttpStatusCode.OK, "a token issued by one node is accepted by the other");
        refreshedOnFirst.StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await second.CreateClient().GetAsync("/.well-known/jwks")).Content.ReadAsStringAsync())
            .Should().Be(await (await factory.CreateClient().GetAsync("/.well-known/jwks")).Content.ReadAsStringAsync());
        (await factory.WithDatabase(db => db.ServerKeys.CountAsync())).Should().Be(2, "one signing and one encryption key, made once");
    }

    private static async Task<HttpStatusCode> Me(LinkWorkerApiFactory node, string token)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/me")).StatusCode;
    }
}
