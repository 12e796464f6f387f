// The FHIR referral demo (docs/fhir.md, issue 17): a GP system refers a citizen as a FHIR transaction Bundle and
// follows its Task to "completed" while a demo guide works the case through the REST API.
//
//   dotnet run tools/fhir-demo.cs [base URL, default http://localhost:5080]
//
// Needs only the .NET SDK and the running demo (`dotnet run --project src/LinkWorker.Api`). The GP system
// authenticates with private_key_jwt (RFC 7523, as SMART Backend Services): it makes a key pair, the demo
// administrator registers its public key for the GP practice that owns the demo client gp-system.aarhus, and every
// token request carries a fresh assertion signed with the private key. Prints no personal data.
#:property PublishAot=false
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

var baseUrl = (args.Length > 0 ? args[0] : "http://localhost:5080").TrimEnd('/');
const string Password = "Demo-2026!";
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
var repo = FindRepository();

// 1. The administrator registers the GP system's public key (the private key never leaves the system).
using var rsa = RSA.Create(2048);
var publicKey = rsa.ExportParameters(includePrivateParameters: false);
var kid = $"fhir-demo-{DateTime.UtcNow:yyyyMMddHHmmss}";
var admin = await UserToken("admin.aarhus");
var clients = await Send(HttpMethod.Get, "/api/admin/clients", admin);
var practice = clients.AsArray().Single(c => (string?)c!["clientId"] == "gp-system.aarhus")!["organisationId"]!.GetValue<Guid>();
var registration = await Send(HttpMethod.Post, "/api/admin/clients", admin, JsonContent.Create(new
{
    displayName = "Journalsystem med nøgle (FHIR-demo)",
    organisationId = practice,
    publicJwk = new { kty = "RSA", kid, alg = "RS256", use = "sig", n = Base64Url(publicKey.Modulus!), e = Base64Url(publicKey.Exponent!) },
}));
var clientId = (string)registration["clientId"]!;
Step($"registered {clientId} for the demo GP practice, authentication {registration["authentication"]}");

// 2. The GP system gets a token with a signed client assertion.
var issuer = (string)(await Send(HttpMethod.Get, "/.well-known/openid-configuration", null))["issuer"]!;
var system = await SystemToken();
Step($"token from {issuer}connect/token with private_key_jwt (client_assertion signed RS256, kid {kid})");

// 3. It posts the example Bundle with its own referral id and a fresh (fictitious) CPR number.
var bundle = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repo, "docs", "examples", "fhir-referral-bundle.json")))!;
var referralId = $"REF-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var serviceRequest = bundle["entry"]!.AsArray().Single(e => (string?)e!["resource"]!["resourceType"] == "ServiceRequest")!;
serviceRequest["resource"]!["identifier"]![0]!["value"] = referralId;
serviceRequest["request"]!["ifNoneExist"] = $"identifier={serviceRequest["resource"]!["identifier"]![0]!["system"]}|{referralId}";
bundle["entry"]![0]!["resource"]!["identifier"]![0]!["value"] = $"010152{RandomNumberGenerator.GetInt32(1000, 4000)}";
var body = bundle.ToJsonString();

var answer = await Send(HttpMethod.Post, "/fhir", system, Fhir(body));
var taskEntry = answer["entry"]!.AsArray().Single(e => ((string?)e!["response"]!["location"])?.StartsWith("Task/", StringComparison.Ordinal) == true)!;
var taskId = ((string)taskEntry["response"]!["location"]!)["Task/".Length..];
Step($"POST /fhir ServiceRequest {referralId}: {string.Join(", ", answer["entry"]!.AsArray().Select(e => $"{e!["response"]!["status"]} {e["response"]!["location"]}".Trim()))}");
var resent = await Send(HttpMethod.Post, "/fhir", system, Fhir(body));
Step($"POST /fhir again (conditional create): {resent["entry"]![4]!["response"]!["status"]} {resent["entry"]![4]!["response"]!["location"]}");
var lastUpdated = await Poll("after the referral", null);

// 4. A demo guide works the case through the API with their own token.
var caseId = (await Send(HttpMethod.Get, $"/api/referrals/{taskId}", system))["caseId"]!.GetValue<Guid>();
var (guideName, guide) = await GuideOf(caseId);
Step($"the case is with {guideName}");
await Send(HttpMethod.Post, $"/api/cases/{caseId}/consents", guide, JsonContent.Create(new
{
    scopes = new List<string> { "ShareStatusWithReferrer", "StoreConversationNotes" },
    method = "Verbal",
    obtainedBy = "Fællesskabsguiden",
    obtainedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
}));
Step("guide: the citizen consents to share status with the referrer and to notes");
lastUpdated = await Poll("after the consent", lastUpdated);
await Send(HttpMethod.Post, $"/api/cases/{caseId}/contact-attempts", guide, JsonContent.Create(new { channel = "Phone", succeeded = true }));
Step("guide: first contact made by phone");
lastUpdated = await Poll("after first contact", lastUpdated);
await Send(HttpMethod.Post, $"/api/cases/{caseId}/conversations", guide, JsonContent.Create(new
{
    conversation = new
    {
        mode = "HomeVisit",
        occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        durationMinutes = 45,
        summary = "Første samtale.",
        topics = new List<string> { "LeisureAndCommunities" },
    },
}));
Step("guide: first conversation logged (the course starts)");
lastUpdated = await Poll("after the first conversation", lastUpdated);
await Send(HttpMethod.Post, $"/api/cases/{caseId}/close", guide, JsonContent.Create(new { reason = "InCommunity" }));
Step("guide: case closed, the citizen found a community");
lastUpdated = await Poll("after closing", lastUpdated);
await Poll("once more (nothing changed)", lastUpdated);

var task = await Send(HttpMethod.Get, $"/fhir/Task/{taskId}", system);
Step($"GET /fhir/Task/{taskId}: status {task["status"]}, statusReason {task["statusReason"]?["coding"]?[0]?["code"]}, lastUpdated {task["meta"]!["lastUpdated"]}");
return (string?)task["status"] == "completed" ? 0 : 1;

// Polls as a practice system does: the Tasks changed since the newest lastUpdated it has.
async Task<string?> Poll(string when, string? after)
{
    var query = after is null ? "" : $"?_lastUpdated=gt{Uri.EscapeDataString(after)}";
    system = await SystemToken(); // a fresh assertion for every token: each is used once
    var found = await Send(HttpMethod.Get, $"/fhir/Task{query}", system);
    var tasks = found["entry"]?.AsArray().Select(e => e!["resource"]!).ToList() ?? [];
    var mine = tasks.SingleOrDefault(t => (string?)t!["id"] == taskId);
    Step($"poll {when}: GET /fhir/Task{Uri.UnescapeDataString(query)} -> {tasks.Count} Task(s){(mine is null ? "" : $", ours {mine["status"]} (lastUpdated {mine["meta"]!["lastUpdated"]})")}");
    return mine is null ? after : (string?)mine["meta"]!["lastUpdated"];
}

async Task<string> SystemToken()
{
    var now = DateTimeOffset.UtcNow;
    var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", kid, typ = "client-authentication+jwt" }));
    var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
    {
        iss = clientId,
        sub = clientId,
        aud = issuer,
        jti = Guid.NewGuid().ToString("N"),
        iat = now.ToUnixTimeSeconds(),
        nbf = now.ToUnixTimeSeconds(),
        exp = now.AddMinutes(2).ToUnixTimeSeconds(),
    }));
    var signature = Base64Url(rsa.SignData(Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ["client_assertion"] = $"{header}.{claims}.{signature}",
        ["scope"] = "api",
    }));
    return (string)(await Json(response))["access_token"]!;
}

async Task<string> UserToken(string userName) =>
    (string)(await Json(await http.PostAsJsonAsync("/api/auth/token", new { userName, password = Password })))["accessToken"]!;

// The demo guide the referral was routed to; from triage the coordinator gives it to guide1.aarhus.
async Task<(string Name, string Token)> GuideOf(Guid id)
{
    foreach (var userName in new[] { "guide1.aarhus", "guide2.aarhus", "guide3.aarhus" })
    {
        var token = await UserToken(userName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if ((await http.SendAsync(request)).IsSuccessStatusCode)
        {
            return (userName, token);
        }
    }

    var coordinator = await UserToken("coordinator.aarhus");
    var guides = await Send(HttpMethod.Get, "/api/guides", coordinator);
    var guide1 = (guides["items"] ?? guides).AsArray().First(g => ((string?)g!["displayName"])?.StartsWith("Fællesskabsguide 1", StringComparison.Ordinal) == true)!;
    await Send(HttpMethod.Post, $"/api/cases/{id}/assign", coordinator, JsonContent.Create(new { guideId = guide1["id"]!.GetValue<Guid>(), reason = "FHIR-demo" }));
    Step("coordinator: assigned the case from triage to guide1.aarhus");
    return ("guide1.aarhus", await UserToken("guide1.aarhus"));
}

async Task<JsonNode> Send(HttpMethod method, string path, string? token, HttpContent? content = null)
{
    using var request = new HttpRequestMessage(method, path) { Content = content };
    if (token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    return await Json(await http.SendAsync(request));
}

static async Task<JsonNode> Json(HttpResponseMessage response)
{
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {text}");
    }

    return JsonNode.Parse(text)!;
}

static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

static void Step(string line) => Console.WriteLine($"{DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}  {line}");

static string FindRepository()
{
    var folder = new DirectoryInfo(Environment.CurrentDirectory);
    while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "docs", "examples", "fhir-referral-bundle.json")))
    {
        folder = folder.Parent;
    }

    return folder?.FullName ?? throw new InvalidOperationException("Run this from the repository (docs/examples/fhir-referral-bundle.json).");
}
