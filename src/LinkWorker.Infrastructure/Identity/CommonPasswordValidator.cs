using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// Refuses passwords that Identity's length and character rules let through but that are guessed first
/// ("Sommer2026!", "Password123!", "Adm1nistrator!"), and passwords containing the user name (ADR 0019). The list
/// is a small resource of our own; no breached-password service is reachable from the municipalities' networks.
/// </summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<ApplicationUser>
{
    private static readonly FrozenSet<string> Common = Load();

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (user.UserName is { Length: >= 4 } userName && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsUserName",
                Description = "Adgangskoden må ikke indeholde brugernavnet. / The password must not contain the user name.",
            }));
        }

        return Task.FromResult(IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "Adgangskoden er for almindelig og gættes let; vælg en anden. / The password is too common and easily guessed; choose another.",
            })
            : IdentityResult.Success);
    }

    internal static bool IsCommon(string password)
    {
        var core = Core(password);
        return core.Length == 0 || Common.Contains(core);
    }

    /// <summary>
    /// Lower case, the digits and symbols around the word dropped ("password2026!"), and look-alikes inside it read
    /// as letters ("p@ssw0rd").
    /// </summary>
    private static string Core(string password)
    {
        var trimmed = password.Trim().ToLowerInvariant();
        var end = trimmed.Length;
        while (end > 0 && !char.IsLetter(trimmed[end - 1]))
        {
            end--;
        }

        var start = 0;
        while (start < end && !char.IsLetter(trimmed[start]))
        {
            start++;
        }

        var core = new StringBuilder(end - start);
        foreach (var c in trimmed[start..end])
        {
            core.Append(c switch
            {
                '0' => 'o',
                '1' or '!' or '|' => 'i',
                '3' => 'e',
                '4' or '@' => 'a',
                '5' or '$' => 's',
                '7' => 't',
                'æ' => 'a',
                'ø' => 'o',
                'å' => 'a',
                _ => c,
            });
        }

        // Letters only: "pass-word", "pass word" and "pass.word" are still "password".
        return new string([.. core.ToString().Where(char.IsLetter)]);
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("LinkWorker.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim());
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
