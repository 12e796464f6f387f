namespace LinkWorker.Domain.Municipalities;

/// <summary>A Danish municipality, identified by its four-digit code (Aarhus 0751, Odsherred 0306).</summary>
public sealed class Municipality
{
    private Municipality()
    {
    }

    public Municipality(string code, string name)
    {
        if (code.Length != 4 || !code.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A municipality code has four digits.", nameof(code));
        }

        Code = code;
        Name = name;
    }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";
}
