using System.Security.Cryptography;
using System.Text;

namespace LinkWorker.Infrastructure.Encryption;

/// <summary>A file holding a new random 32-byte key (base64), made once however many hosts start together.</summary>
internal static class KeyFile
{
    /// <summary>
    /// Created with O_EXCL and its mode at once: exactly one host makes it (File.Move without overwriting is a check
    /// and a rename on Unix, and two hosts both won it), and it is never readable by others. A host that reads it may
    /// find it still empty, and must read again until the key is whole.
    /// </summary>
    public static void CreateOnce(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var created = new FileStream(path, options);
            created.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process on this machine made it first: use theirs.
        }
    }

    /// <summary>
    /// What <paramref name="read"/> makes of a key file another host may still be writing: read again every 20 ms while
    /// the text is not yet a whole key (a format error), up to 2 s; then its error stands.
    /// </summary>
    public static T ReadWhole<T>(Func<T> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return read();
            }
            catch (Exception exception) when (exception is FormatException or InvalidOperationException && attempt < 100)
            {
                Thread.Sleep(20);
            }
        }
    }
}
