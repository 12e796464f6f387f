using System.Text;

namespace LinkWorker.Application.Offers.ImportOffers;

/// <summary>One record of a CSV file: the physical line it starts on (the header is line 1) and its fields.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error = null);

/// <summary>
/// RFC 4180 with the tolerance spreadsheets need: the delimiter is <c>;</c> (Danish Excel) or <c>,</c>, whichever
/// the header line uses more of outside quotes; quoted fields may hold delimiters, doubled quotes and line breaks;
/// lines end in CRLF, LF or CR; a byte order mark is ignored.
/// </summary>
internal static class CsvReader
{
    public static char DetectDelimiter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
        }

        return semicolons >= commas && semicolons > 0 ? ';' : ',';
    }

    public static IEnumerable<CsvRecord> Read(string text, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (position < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var wasQuoted = false;
            string? error = null;
            var endOfRecord = false;
            while (position < text.Length && !endOfRecord)
            {
                var c = text[position++];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (position < text.Length && text[position] == '"')
                        {
                            field.Append('"');
                            position++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        if (c == '\n' || (c == '\r' && (position >= text.Length || text[position] != '\n')))
                        {
                            line++;
                        }

                        field.Append(c);
                    }
                }
                else if (c == '"' && field.Length == 0 && !wasQuoted)
                {
                    quoted = wasQuoted = true;
                }
                else if (c == '"')
                {
                    error ??= "A quote appears inside a field that does not start with one; put the whole field in quotes and double the quote.";
                    field.Append(c);
                }
                else if (c == delimiter)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                }
                else if (c is '\r' or '\n')
                {
                    if (c == '\r' && position < text.Length && text[position] == '\n')
                    {
                        position++;
                    }

                    line++;
                    endOfRecord = true;
                }
                else if (wasQuoted && !char.IsWhiteSpace(c))
                {
                    error ??= "Text follows a closing quote; double a quote that belongs to the text.";
                    field.Append(c);
                }
                else if (!wasQuoted)
                {
                    field.Append(c);
                }
            }

            if (quoted)
            {
                error ??= "A quoted field is not closed.";
            }

            fields.Add(field.ToString());
            yield return new CsvRecord(start, fields, error);
        }
    }
}
