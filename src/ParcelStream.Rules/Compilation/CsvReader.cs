using System.Text;

namespace ParcelStream.Rules.Compilation;

/// <summary>Reads delimited text (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks).</summary>
internal static class CsvReader
{
    /// <summary>Reads every record.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="delimiter">Field delimiter (',' or tab, typically).</param>
    /// <returns>Each record with the line it starts on; blank lines and lines starting with '#' are skipped.</returns>
    public static List<(int Line, string[] Fields)> Read(TextReader reader, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        bool quoted = false;
        bool atStart = true;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }

                continue;
            }

            if (atStart && ch == '#')
            {
                // Comment line.
                while ((c = reader.Read()) >= 0 && c != '\n')
                {
                }

                line++;
                recordLine = line;
                continue;
            }

            atStart = false;
            if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                EndRecord();
                line++;
                recordLine = line;
            }
            else if (ch != '\r')
            {
                field.Append(ch);
            }
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (fields.Count > 1 || fields[0].Trim().Length > 0)
            {
                records.Add((recordLine, fields.ToArray()));
            }

            fields.Clear();
            atStart = true;
        }
    }
}
