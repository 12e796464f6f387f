namespace LinkWorker.Application.Common.Auditing;

internal static class RequestNames
{
    /// <summary>"SubmitReferralCommand" → "SubmitReferral".</summary>
    public static string Of(object request)
    {
        var name = request.GetType().Name;
        foreach (var suffix in (string[])["Command", "Query"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    /// <summary>The feature folder a request lives in, singular: "Referrals" → "Referral".</summary>
    public static string SubjectOf(object request)
    {
        var ns = request.GetType().Namespace ?? "";
        var parts = ns.Split('.');
        var feature = parts.Length >= 3 ? parts[2] : Of(request);
        return feature.EndsWith('s') ? feature[..^1] : feature;
    }
}
