namespace LinkWorker.Infrastructure.Seeding;

/// <summary>The "Demo" section. Demo accounts exist only when Enabled is true (the Development profile).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>The password of every demo account; printed at start-up.</summary>
    public string Password { get; set; } = "Demo-2026!";
}
