using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using LinkWorker.Application.Notifications;
using LinkWorker.Domain.Notifications;
using Microsoft.Extensions.Options;

namespace LinkWorker.Infrastructure.Notifications;

public sealed class SmsChannelOptions
{
    public const string Section = "Notifications:Sms";

    public bool Enabled { get; set; }

    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string Sender { get; set; } = "LinkWorker";
}

/// <summary>
/// SMS through an HTTP gateway: a JSON POST with a bearer key. A refusal throws with the status code only,
/// since a gateway's error body may quote the number or the text.
/// </summary>
public sealed class HttpSmsChannel(IHttpClientFactory httpClients, IOptions<SmsChannelOptions> options) : INotificationChannel
{
    public const string HttpClientName = "LinkWorker.Sms";

    public NotificationChannel Channel => NotificationChannel.Sms;

    public bool IsEnabled => options.Value.Enabled;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new InvalidOperationException($"SMS is switched off ({SmsChannelOptions.Section}:Enabled).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Endpoint)
        {
            Content = JsonContent.Create(new SmsRequest(message.Destination, settings.Sender, message.Body)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);

        var client = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation; to the dispatcher it is a failed delivery to retry.
            throw new TimeoutException($"The SMS gateway did not answer within {client.Timeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The SMS gateway answered {(int)response.StatusCode}.", null, response.StatusCode);
            }
        }
    }

    private sealed record SmsRequest(
        [property: JsonPropertyName("to")] string To,
        [property: JsonPropertyName("from")] string From,
        [property: JsonPropertyName("text")] string Text);
}
