namespace LinkWorker.Web.Forms;

/// <summary>
/// What went wrong with a form, by field. Field names are the requests' JSON paths ("citizen.cprNumber"), as
/// the validators and the API's problem details name them; the form's inputs carry the same names.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A problem with the whole request (a missing consent, a state that forbids it).</summary>
    public string? General { get; set; }

    /// <summary>Someone else changed the record since this page was read.</summary>
    public bool VersionConflict { get; set; }

    public bool Any => _fields.Count > 0 || General is not null || VersionConflict;

    public IEnumerable<KeyValuePair<string, string>> Fields =>
        _fields.SelectMany(f => f.Value.Select(message => new KeyValuePair<string, string>(f.Key, message)));

    public void Add(string field, string message)
    {
        if (!_fields.TryGetValue(field, out var messages))
        {
            _fields[field] = messages = [];
        }

        if (!messages.Contains(message))
        {
            messages.Add(message);
        }
    }

    public string? For(string field) => _fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public bool Has(string field) => _fields.ContainsKey(field);

    /// <summary>The element id of a field's input: "citizen.cprNumber" → "f-citizen-cprNumber".</summary>
    public static string IdOf(string field) => "f-" + field.Replace('.', '-').Replace('[', '-').Replace("]", "", StringComparison.Ordinal);
}
