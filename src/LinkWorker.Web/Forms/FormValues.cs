using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LinkWorker.Web.Forms;

/// <summary>The posted values of a form, to read a request from and to fill the form again after an error.</summary>
public sealed class FormValues
{
    private readonly IFormCollection? _form;
    private readonly Dictionary<string, string?> _defaults = new(StringComparer.Ordinal);

    public FormValues(HttpContext? context) =>
        _form = context is { Request.HasFormContentType: true } && HttpMethods.IsPost(context.Request.Method) ? context.Request.Form : null;

    private FormValues(IFormCollection? form) => _form = form;

    public bool Posted => _form is not null;

    /// <summary>These values when the named form was the one posted; none otherwise (another form on the page).</summary>
    public FormValues For(string formName) =>
        Posted && string.Equals(_form!["_handler"], formName, StringComparison.Ordinal) ? this : new FormValues((IFormCollection?)null);

    public FormValues Default(string name, string? value)
    {
        _defaults[name] = value;
        return this;
    }

    public string? this[string name] => Posted ? Trimmed(_form![name]) : _defaults.GetValueOrDefault(name);

    public IReadOnlyCollection<string> All(string name) =>
        Posted ? _form![name].OfType<string>().ToList() : (_defaults.GetValueOrDefault(name) is { } d ? d.Split(',') : []);

    public bool Checked(string name) => Posted ? _form![name].Any(v => v is "true" or "on") : _defaults.GetValueOrDefault(name) == "true";

    public T? Enum<T>(string name)
        where T : struct, System.Enum => System.Enum.TryParse<T>(this[name], out var value) && System.Enum.IsDefined(value) ? value : null;

    public List<T> Enums<T>(string name)
        where T : struct, System.Enum => All(name).Select(v => System.Enum.TryParse<T>(v, out var e) && System.Enum.IsDefined(e) ? e : (T?)null).OfType<T>().ToList();

    public int? IntOf(string name) => int.TryParse(this[name], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public Guid? GuidOf(string name) => System.Guid.TryParse(this[name], out var id) ? id : null;

    private static string? Trimmed(StringValues values) => values.FirstOrDefault()?.Trim() is { Length: > 0 } s ? s : null;
}
