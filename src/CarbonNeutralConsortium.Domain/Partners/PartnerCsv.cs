using System.Globalization;
using System.Text;

namespace CarbonNeutralConsortium.Domain.Partners;

/// <summary>The codes a partner CSV may use (from the reference data): technology codes must be taxonomy leaves.</summary>
public sealed record PartnerCodeBook(
    IReadOnlySet<string> Countries,
    IReadOnlySet<string> PartnerTypes,
    IReadOnlySet<string> TechnologyLeaves,
    IReadOnlySet<string> CooperationTypes,
    IReadOnlySet<string> Institutes);

/// <summary>
/// One problem of a partner CSV. <paramref name="Row"/> is the record's 1-based row number in the file counting the
/// header as row 1 (blank lines count as rows, as in a spreadsheet; a quoted value spanning lines is one row);
/// <paramref name="Column"/> is the header name ("" for the whole row); <paramref name="Code"/> a stable code
/// (Csv.*); <paramref name="Value"/> the offending value (at most 100 characters) or null.
/// </summary>
public sealed record PartnerCsvError(int Row, string Column, string Code, string? Value);

/// <summary>A valid data row of the file and its row number.</summary>
public sealed record PartnerCsvRow(int Row, OverseasPartnerData Data);

/// <summary>The valid rows, every error of every row, and the number of data records read.</summary>
public sealed record PartnerCsvResult(IReadOnlyList<PartnerCsvRow> Rows, IReadOnlyList<PartnerCsvError> Errors, int RecordCount)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The overseas partner CSV of FORMATS.md: UTF-8 (with or without BOM), RFC 4180 quoting, header row (columns in
/// any order), lists separated by <c>;</c>. Pure: reads from a <see cref="TextReader"/> and writes to a
/// <see cref="TextWriter"/>; <see cref="Write"/> round-trips with <see cref="Read"/>.
/// </summary>
public static class PartnerCsv
{
    public const int MaxRows = 200_000;
    public const int ExternalIdMaxLength = 100;
    public const int WebsiteMaxLength = 300;
    public const int EmailMaxLength = 254;
    public const int MaxKeywords = 30;
    public const int KeywordMaxLength = 100;
    private const int ValueMaxLength = 100;

    public const string ExternalId = "external_id";
    public const string Name = "name";
    public const string NameKo = "name_ko";
    public const string Country = "country";
    public const string PartnerType = "partner_type";
    public const string TechnologyCodes = "technology_codes";
    public const string CooperationTypes = "cooperation_types";
    public const string TrlMin = "trl_min";
    public const string TrlMax = "trl_max";
    public const string Keywords = "keywords";
    public const string Description = "description";
    public const string Website = "website";
    public const string ContactEmail = "contact_email";
    public const string LinkedInstitutes = "linked_institutes";

    /// <summary>The columns in the order of FORMATS.md (and of <see cref="Write"/>).</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        ExternalId, Name, NameKo, Country, PartnerType, TechnologyCodes, CooperationTypes, TrlMin, TrlMax, Keywords, Description,
        Website, ContactEmail, LinkedInstitutes,
    ];

    /// <summary>The columns a file must have (FORMATS.md "required: yes").</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = [ExternalId, Name, Country, PartnerType, TechnologyCodes];

    public static class Codes
    {
        public const string Required = "Csv.Required";
        public const string TooLong = "Csv.TooLong";
        public const string UnknownCountry = "Csv.UnknownCountry";
        public const string UnknownPartnerType = "Csv.UnknownPartnerType";
        public const string UnknownTechnology = "Csv.UnknownTechnology";
        public const string UnknownCooperationType = "Csv.UnknownCooperationType";
        public const string UnknownInstitute = "Csv.UnknownInstitute";
        public const string TrlOutOfRange = "Csv.TrlOutOfRange";
        public const string TrlOrder = "Csv.TrlOrder";
        public const string InvalidUrl = "Csv.InvalidUrl";
        public const string InvalidEmail = "Csv.InvalidEmail";
        public const string DuplicateExternalId = "Csv.DuplicateExternalId";
        public const string WrongColumnCount = "Csv.WrongColumnCount";
        public const string MissingColumn = "Csv.MissingColumn";
        public const string UnknownColumn = "Csv.UnknownColumn";
        public const string UnterminatedQuote = "Csv.UnterminatedQuote";
        public const string InvalidText = "Csv.InvalidText";
        public const string TooManyRows = "Csv.TooManyRows";
        public const string Empty = "Csv.Empty";

        public static readonly IReadOnlyList<string> All =
        [
            Required, TooLong, UnknownCountry, UnknownPartnerType, UnknownTechnology, UnknownCooperationType, UnknownInstitute,
            TrlOutOfRange, TrlOrder, InvalidUrl, InvalidEmail, DuplicateExternalId, WrongColumnCount, MissingColumn, UnknownColumn,
            UnterminatedQuote, InvalidText, TooManyRows, Empty,
        ];
    }

    public static PartnerCsvResult Read(TextReader reader, PartnerCodeBook codes)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(codes);
        var errors = new List<PartnerCsvError>();
        var rows = new List<PartnerCsvRow>();
        if (reader.Peek() == '\uFEFF')
        {
            reader.Read(); // A byte order mark that the reader's decoding left in the text.
        }

        var records = new RecordReader(reader);

        // The header: the first non-blank record.
        List<string>? header = null;
        var headerRow = 0;
        while (records.Next() is { } record)
        {
            if (record.Unterminated)
            {
                errors.Add(new PartnerCsvError(record.Row, "", Codes.UnterminatedQuote, null));
                return new PartnerCsvResult(rows, errors, 0);
            }

            if (!record.IsBlank)
            {
                header = record.Fields;
                headerRow = record.Row;
                break;
            }
        }

        if (header is null)
        {
            errors.Add(new PartnerCsvError(1, "", Codes.Empty, null));
            return new PartnerCsvResult(rows, errors, 0);
        }

        if (header.Count > 0 && header[0].StartsWith('\uFEFF'))
        {
            header[0] = header[0][1..];
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().ToLowerInvariant();
            if (!Columns.Contains(name) || positions.ContainsKey(name))
            {
                errors.Add(new PartnerCsvError(headerRow, Clip(header[i].Trim()) ?? "", Codes.UnknownColumn, Clip(header[i].Trim())));
                continue;
            }

            positions[name] = i;
        }

        var missing = RequiredColumns.Where(c => !positions.ContainsKey(c)).ToList();
        errors.AddRange(missing.Select(c => new PartnerCsvError(headerRow, c, Codes.MissingColumn, null)));

        var recordCount = 0;
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        while (records.Next() is { } record)
        {
            if (record.IsBlank && !record.Unterminated)
            {
                continue;
            }

            recordCount++;
            if (recordCount > MaxRows)
            {
                errors.Add(new PartnerCsvError(record.Row, "", Codes.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture)));
                recordCount--;
                break;
            }

            if (record.Unterminated)
            {
                errors.Add(new PartnerCsvError(record.Row, "", Codes.UnterminatedQuote, null));
                break;
            }

            if (missing.Count > 0)
            {
                continue; // Rows cannot be read without their required columns: the header errors say why.
            }

            if (record.Fields.Count != header.Count)
            {
                errors.Add(new PartnerCsvError(record.Row, "", Codes.WrongColumnCount,
                    record.Fields.Count.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            var rowErrors = new List<PartnerCsvError>();
            var data = ReadRow(record, positions, codes, rowErrors);
            if (data is not null && data.ExternalId.Length > 0 && !seenIds.Add(data.ExternalId))
            {
                rowErrors.Add(new PartnerCsvError(record.Row, ExternalId, Codes.DuplicateExternalId, Clip(data.ExternalId)));
            }

            if (rowErrors.Count == 0 && data is not null)
            {
                rows.Add(new PartnerCsvRow(record.Row, data));
            }

            errors.AddRange(rowErrors);
        }

        if (recordCount == 0 && missing.Count == 0)
        {
            errors.Add(new PartnerCsvError(headerRow + 1, "", Codes.Empty, null));
        }

        return new PartnerCsvResult(rows, errors, recordCount);
    }

    private static OverseasPartnerData? ReadRow(Record record, Dictionary<string, int> positions, PartnerCodeBook codes, List<PartnerCsvError> errors)
    {
        var row = record.Row;

        string Raw(string column) => positions.TryGetValue(column, out var i) ? record.Fields[i].Trim() : "";

        string Text(string column, bool required, int maxLength, bool multiline = false)
        {
            var value = Raw(column);
            if (value.Length == 0)
            {
                if (required)
                {
                    errors.Add(new PartnerCsvError(row, column, Codes.Required, null));
                }

                return value;
            }

            if (!IsValidText(value, multiline))
            {
                errors.Add(new PartnerCsvError(row, column, Codes.InvalidText, Clip(value)));
            }
            else if (value.Length > maxLength)
            {
                errors.Add(new PartnerCsvError(row, column, Codes.TooLong, Clip(value)));
            }

            return value;
        }

        List<string> List(string column, bool required, IReadOnlySet<string>? allowed, string unknownCode)
        {
            var items = SplitList(Raw(column));
            if (items.Count == 0 && required)
            {
                errors.Add(new PartnerCsvError(row, column, Codes.Required, null));
            }

            foreach (var item in items)
            {
                if (!IsValidText(item, multiline: false))
                {
                    errors.Add(new PartnerCsvError(row, column, Codes.InvalidText, Clip(item)));
                }
                else if (allowed is not null && !allowed.Contains(item))
                {
                    errors.Add(new PartnerCsvError(row, column, unknownCode, Clip(item)));
                }
            }

            return items;
        }

        int? Trl(string column)
        {
            var value = Raw(column);
            if (value.Length == 0)
            {
                return null;
            }

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var trl) && trl is >= 1 and <= 9)
            {
                return trl;
            }

            errors.Add(new PartnerCsvError(row, column, Codes.TrlOutOfRange, Clip(value)));
            return null;
        }

        var externalId = Text(ExternalId, required: true, ExternalIdMaxLength);
        var name = Text(Name, required: true, OverseasPartner.NameMaxLength);
        var nameKo = Text(NameKo, required: false, OverseasPartner.NameMaxLength);

        var country = Raw(Country).ToUpperInvariant();
        if (country.Length == 0)
        {
            errors.Add(new PartnerCsvError(row, Country, Codes.Required, null));
        }
        else if (!codes.Countries.Contains(country))
        {
            errors.Add(new PartnerCsvError(row, Country, Codes.UnknownCountry, Clip(Raw(Country))));
        }

        var partnerType = Raw(PartnerType);
        if (partnerType.Length == 0)
        {
            errors.Add(new PartnerCsvError(row, PartnerType, Codes.Required, null));
        }
        else if (!codes.PartnerTypes.Contains(partnerType))
        {
            errors.Add(new PartnerCsvError(row, PartnerType, Codes.UnknownPartnerType, Clip(partnerType)));
        }

        var technologies = List(TechnologyCodes, required: true, codes.TechnologyLeaves, Codes.UnknownTechnology);
        var cooperation = List(CooperationTypes, required: false, codes.CooperationTypes, Codes.UnknownCooperationType);

        var trlMin = Trl(TrlMin);
        var trlMax = Trl(TrlMax);
        if (trlMin is { } min && trlMax is { } max && min > max)
        {
            errors.Add(new PartnerCsvError(row, TrlMax, Codes.TrlOrder, Clip($"{min}>{max}")));
        }

        var keywords = List(Keywords, required: false, allowed: null, Codes.InvalidText);
        if (keywords.Count > MaxKeywords)
        {
            errors.Add(new PartnerCsvError(row, Keywords, Codes.TooLong, keywords.Count.ToString(CultureInfo.InvariantCulture)));
        }

        errors.AddRange(keywords.Where(k => k.Length > KeywordMaxLength).Select(k => new PartnerCsvError(row, Keywords, Codes.TooLong, Clip(k))));

        var description = Text(Description, required: false, OverseasPartner.DescriptionMaxLength, multiline: true);

        var website = Text(Website, required: false, WebsiteMaxLength);
        if (website.Length is > 0 and <= WebsiteMaxLength && IsValidText(website, false) && !IsWebUrl(website))
        {
            errors.Add(new PartnerCsvError(row, Website, Codes.InvalidUrl, Clip(website)));
        }

        var email = Text(ContactEmail, required: false, EmailMaxLength);
        if (email.Length is > 0 and <= EmailMaxLength && IsValidText(email, false) && !IsPlausibleEmail(email))
        {
            errors.Add(new PartnerCsvError(row, ContactEmail, Codes.InvalidEmail, Clip(email)));
        }

        var institutes = List(LinkedInstitutes, required: false, codes.Institutes, Codes.UnknownInstitute);

        return new OverseasPartnerData(externalId, name, NullIfEmpty(nameKo), country, partnerType, technologies, cooperation, trlMin, trlMax,
            keywords, NullIfEmpty(description), NullIfEmpty(website), NullIfEmpty(email), institutes);
    }

    /// <summary>Writes the header and one row per partner (RFC 4180 quoting, CRLF line ends, lists joined with <c>;</c>).</summary>
    public static void Write(TextWriter writer, IEnumerable<OverseasPartnerData> partners)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(partners);
        WriteRecord(writer, Columns);
        foreach (var p in partners)
        {
            WriteRecord(writer,
            [
                p.ExternalId, p.Name, p.NameKo ?? "", p.CountryCode, p.PartnerTypeCode, Join(p.TechnologyCodes), Join(p.CooperationTypes),
                p.TrlMin?.ToString(CultureInfo.InvariantCulture) ?? "", p.TrlMax?.ToString(CultureInfo.InvariantCulture) ?? "",
                Join(p.Keywords), p.Description ?? "", p.Website ?? "", p.ContactEmail ?? "", Join(p.LinkedInstitutes),
            ]);
        }
    }

    private static string Join(IEnumerable<string> items) => string.Join(';', items);

    private static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]))))
            {
                writer.Write('"');
                writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(field);
            }
        }

        writer.Write("\r\n");
    }

    /// <summary>A <c>;</c>-separated list: items trimmed, empty items dropped, duplicates removed (first kept).</summary>
    public static List<string> SplitList(string? value)
    {
        var items = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return items;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in value.Split(';'))
        {
            var item = part.Trim();
            if (item.Length > 0 && seen.Add(item))
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>No lone surrogates and no control characters (line breaks and tabs only where text may span lines).</summary>
    public static bool IsValidText(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                return false;
            }

            if (char.IsLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
            {
                return false;
            }

            if (char.IsControl(c) && !(multiline && c is '\r' or '\n' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0
        && !value.Any(char.IsWhiteSpace);

    /// <summary>One @, a non-empty local part, a domain with a dot, no spaces: plausible, not proven.</summary>
    public static bool IsPlausibleEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1 || value.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';' or '"'))
        {
            return false;
        }

        var domain = value[(at + 1)..];
        return at <= 64 && domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.')
            && !domain.Contains("..", StringComparison.Ordinal);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string? Clip(string? value) => value is null ? null : value.Length <= ValueMaxLength ? value : value[..ValueMaxLength];

    private sealed record Record(int Row, List<string> Fields, bool Unterminated)
    {
        public bool IsBlank => Fields.Count == 1 && Fields[0].Trim().Length == 0;
    }

    /// <summary>RFC 4180 records: quoted fields (commas, doubled quotes and line breaks inside); CRLF, LF or CR line ends.</summary>
    private sealed class RecordReader(TextReader reader)
    {
        private readonly StringBuilder _field = new();
        private int _row;
        private bool _ended;

        public Record? Next()
        {
            if (_ended)
            {
                return null;
            }

            var first = reader.Peek();
            if (first < 0)
            {
                _ended = true;
                return null;
            }

            _row++;
            var fields = new List<string>();
            _field.Clear();
            var quoted = false;
            var fieldStart = true;
            while (true)
            {
                var next = reader.Read();
                if (next < 0)
                {
                    _ended = true;
                    fields.Add(_field.ToString());
                    return new Record(_row, fields, quoted);
                }

                var c = (char)next;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            _field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        _field.Append(c);
                    }

                    continue;
                }

                switch (c)
                {
                    case '"' when fieldStart || _field.ToString().Trim().Length == 0:
                        _field.Clear();
                        quoted = true;
                        fieldStart = false;
                        break;
                    case ',':
                        fields.Add(_field.ToString());
                        _field.Clear();
                        fieldStart = true;
                        break;
                    case '\r':
                        if (reader.Peek() == '\n')
                        {
                            reader.Read();
                        }

                        fields.Add(_field.ToString());
                        return new Record(_row, fields, false);
                    case '\n':
                        fields.Add(_field.ToString());
                        return new Record(_row, fields, false);
                    default:
                        _field.Append(c);
                        fieldStart = false;
                        break;
                }
            }
        }
    }
}
