using LinkWorker.Application.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Infrastructure.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>E-mail and SMS, both off by default; switched on, a missing setting stops start-up rather than every send.</summary>
    public static IServiceCollection AddNotificationChannels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmailChannelOptions>()
            .Bind(configuration.GetSection(EmailChannelOptions.Section))
            .Validate(o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.Host) && !string.IsNullOrWhiteSpace(o.From)),
                $"{EmailChannelOptions.Section}: Host and From are required when e-mail is enabled.")
            .Validate(o => o.Port is > 0 and <= 65535 && o.TimeoutSeconds > 0,
                $"{EmailChannelOptions.Section}: Port must be 1–65535 and TimeoutSeconds positive.")
            .ValidateOnStart();
        services.AddOptions<SmsChannelOptions>()
            .Bind(configuration.GetSection(SmsChannelOptions.Section))
            .Validate(o => !o.Enabled || (o.Endpoint is { IsAbsoluteUri: true } && !string.IsNullOrWhiteSpace(o.ApiKey)),
                $"{SmsChannelOptions.Section}: an absolute Endpoint and an ApiKey are required when SMS is enabled.")
            .ValidateOnStart();

        services.AddHttpClient(HttpSmsChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<INotificationChannel, SmtpEmailChannel>();
        services.AddSingleton<INotificationChannel, HttpSmsChannel>();
        return services;
    }
}
