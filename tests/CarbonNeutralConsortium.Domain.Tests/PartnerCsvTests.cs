using System.Text;
using CarbonNeutralConsortium.Domain.Partners;

namespace CarbonNeutralConsortium.Domain.Tests;

/// <summary>The partner CSV of FORMATS.md: RFC 4180 reading, every validation rule, every error of every row, round trip.</summary>
public class PartnerCsvTests
{
    private const string Header = "external_id,name,name_ko,country,partner_type,technology_codes,cooperation_types,trl_min,trl_max,keywords,description,website,contact_email,linked_institutes";

    public static readonly PartnerCodeBook Codes = new(
        new HashSet<string>(StringComparer.Ordinal) { "US", "CA", "DE", "JP" },
        new HashSet<string>(StringComparer.Ordinal) { "university", "research_institute", "company", "public_agency", "other" },
        new HashSet<string>(StringComparer.Ordinal) { "CCUS.METHANE", "CCUS.CONVERSION", "SEMI.LOWPOWER" },
        new HashSet<string>(StringComparer.Ordinal) { "joint_research", "technology_introduction" },
        new HashSet<string>(StringComparer.Ordinal) { "KRICT", "KETI" });

    private const string Calgary =
        "P-002,University of Calgary,캘거리 대학교,CA,university,CCUS.METHANE,joint_research,3,6,methane;메탄,Methane CCU,https://ucalgary.ca,ccu@ucalgary.ca,KRICT";

    private static PartnerCsvResult Read(string text) => PartnerCsv.Read(new StringReader(text), Codes);

    private static string File(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    private static string Row(string column, string value)
    {
        var fields = Calgary.Split(',');
        fields[PartnerCsv.Columns.ToList().IndexOf(column)] = value;
        return string.Join(',', fields);
    }

    [Fact]
    public void A_valid_file_gives_every_field_with_lists_trimmed_and_deduplicated_and_the_country_upper_cased()
    {
        var result = Read(File(
            "P-001,University of Illinois,,us,university, SEMI.LOWPOWER ; SEMI.LOWPOWER ,,,,green chip; green chip ;저전력,,,,KETI",
            Calgary));

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.RecordCount);
        Assert.Equal([2, 3], result.Rows.Select(r => r.Row));
        var illinois = result.Rows[0].Data;
        Assert.Equal("US", illinois.CountryCode);
        Assert.Null(illinois.NameKo);
        Assert.Equal(["SEMI.LOWPOWER"], illinois.TechnologyCodes);
        Assert.Empty(illinois.CooperationTypes);
        Assert.Null(illinois.TrlMin);
        Assert.Equal(["green chip", "저전력"], illinois.Keywords);
        Assert.Null(illinois.Description);
        Assert.Equal(["KETI"], illinois.LinkedInstitutes);
        var calgary = result.Rows[1].Data;
        Assert.Equal(("P-002", "University of Calgary", "캘거리 대학교"), (calgary.ExternalId, calgary.Name, calgary.NameKo));
        Assert.Equal((3, 6), (calgary.TrlMin, calgary.TrlMax));
        Assert.Equal("https://ucalgary.ca", calgary.Website);
        Assert.Equal("ccu@ucalgary.ca", calgary.ContactEmail);
        Assert.Equal(["joint_research"], calgary.CooperationTypes);
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var result = Read(File(
            "P-003,\"Northwestern University, Evanston\",,US,university,CCUS.CONVERSION,,,,,\"CO2 to \"\"green\"\" chemicals,\r\nline two\nline three\",,,"));

        Assert.Empty(result.Errors);
        var data = Assert.Single(result.Rows).Data;
        Assert.Equal("Northwestern University, Evanston", data.Name);
        Assert.Equal("CO2 to \"green\" chemicals,\r\nline two\nline three", data.Description);
    }

    [Fact]
    public void A_record_spanning_lines_is_one_row_so_later_rows_keep_their_spreadsheet_numbers()
    {
        var result = Read(File(
            "P-003,Northwestern,,US,university,CCUS.CONVERSION,,,,,\"one\ntwo\",,,",
            Row(PartnerCsv.Country, "XX")));

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_optional_ones_may_be_left_out()
    {
        var result = Read("technology_codes,country,partner_type,name,external_id\nCCUS.METHANE,CA,university,University of Calgary,P-002\n");

        Assert.Empty(result.Errors);
        var data = Assert.Single(result.Rows).Data;
        Assert.Equal(("P-002", "CA", "CCUS.METHANE"), (data.ExternalId, data.CountryCode, data.TechnologyCodes[0]));
    }

    [Theory]
    [InlineData("\uFEFF")]
    [InlineData("")]
    public void A_byte_order_mark_is_ignored(string bom)
    {
        var result = Read(bom + File(Calgary));

        Assert.Empty(result.Errors);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void A_utf8_stream_with_a_byte_order_mark_reads_the_same()
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(File(Calgary))).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);

        var result = PartnerCsv.Read(reader, Codes);

        Assert.Empty(result.Errors);
        Assert.Equal("캘거리 대학교", Assert.Single(result.Rows).Data.NameKo);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted_as_rows()
    {
        var result = Read(Header + "\n\n" + Calgary + "\n   \n" + Row(PartnerCsv.ExternalId, "P-009") + "\n");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.RecordCount);
        Assert.Equal([3, 5], result.Rows.Select(r => r.Row));
    }

    [Fact]
    public void Lf_and_cr_line_ends_are_read_like_crlf()
    {
        Assert.Equal(2, Read(Header + "\n" + Calgary + "\n" + Row(PartnerCsv.ExternalId, "P-5")).Rows.Count);
        Assert.Equal(2, Read(Header + "\r" + Calgary + "\r" + Row(PartnerCsv.ExternalId, "P-5") + "\r").Rows.Count);
    }

    [Fact]
    public void A_missing_required_column_and_an_unknown_column_are_header_errors()
    {
        var result = Read("external_id,name,country,technology_codes,colour\nP-1,X,US,CCUS.METHANE,red\n");

        Assert.Contains(new PartnerCsvError(1, "partner_type", "Csv.MissingColumn", null), result.Errors);
        Assert.Contains(new PartnerCsvError(1, "colour", "Csv.UnknownColumn", "colour"), result.Errors);
        Assert.Empty(result.Rows);
        Assert.Equal(1, result.RecordCount);
    }

    [Fact]
    public void An_unknown_column_alone_still_lets_every_row_be_checked()
    {
        var result = Read(Header + ",colour\n" + Row(PartnerCsv.Country, "XX") + ",red\n");

        Assert.Contains(result.Errors, e => e.Code == "Csv.UnknownColumn" && e.Row == 1);
        Assert.Contains(result.Errors, e => e.Code == "Csv.UnknownCountry" && e.Row == 2);
    }

    [Fact]
    public void A_repeated_column_is_an_error()
    {
        var result = Read(Header + ",name\n" + Calgary + ",again\n");

        Assert.Contains(new PartnerCsvError(1, "name", "Csv.UnknownColumn", "name"), result.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public void An_empty_file_is_an_error(string text)
    {
        var result = Read(text);

        Assert.Equal([new PartnerCsvError(1, "", "Csv.Empty", null)], result.Errors);
        Assert.Equal(0, result.RecordCount);
    }

    [Fact]
    public void A_header_without_data_rows_is_an_error()
    {
        var result = Read(Header + "\r\n");

        Assert.Equal([new PartnerCsvError(2, "", "Csv.Empty", null)], result.Errors);
    }

    [Fact]
    public void A_row_with_too_few_or_too_many_fields_is_an_error_of_the_whole_row()
    {
        var result = Read(File("P-1,only,three", Calgary + ",extra"));

        Assert.Equal(
            [new PartnerCsvError(2, "", "Csv.WrongColumnCount", "3"), new PartnerCsvError(3, "", "Csv.WrongColumnCount", "15")],
            result.Errors);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_on_its_row()
    {
        var result = Read(File(Calgary, "P-9,\"Never closed,,CA,university,CCUS.METHANE,,,,,,,,\r\nP-10,x"));

        Assert.Contains(new PartnerCsvError(3, "", "Csv.UnterminatedQuote", null), result.Errors);
        Assert.Single(result.Rows);
    }

    public static TheoryData<string, string, string, string?> BadValues() => new()
    {
        { PartnerCsv.ExternalId, "", "Csv.Required", null },
        { PartnerCsv.ExternalId, new string('x', 101), "Csv.TooLong", new string('x', 100) },
        { PartnerCsv.Name, "  ", "Csv.Required", null },
        { PartnerCsv.Name, new string('n', 301), "Csv.TooLong", new string('n', 100) },
        { PartnerCsv.NameKo, new string('가', 301), "Csv.TooLong", new string('가', 100) },
        { PartnerCsv.Country, "", "Csv.Required", null },
        { PartnerCsv.Country, "XX", "Csv.UnknownCountry", "XX" },
        { PartnerCsv.Country, "USA", "Csv.UnknownCountry", "USA" },
        { PartnerCsv.PartnerType, "", "Csv.Required", null },
        { PartnerCsv.PartnerType, "University", "Csv.UnknownPartnerType", "University" },
        { PartnerCsv.TechnologyCodes, " ; ", "Csv.Required", null },
        { PartnerCsv.TechnologyCodes, "CCUS", "Csv.UnknownTechnology", "CCUS" },
        { PartnerCsv.TechnologyCodes, "ccus.methane", "Csv.UnknownTechnology", "ccus.methane" },
        { PartnerCsv.CooperationTypes, "joint_research;licensing", "Csv.UnknownCooperationType", "licensing" },
        { PartnerCsv.TrlMin, "0", "Csv.TrlOutOfRange", "0" },
        { PartnerCsv.TrlMax, "10", "Csv.TrlOutOfRange", "10" },
        { PartnerCsv.TrlMin, "three", "Csv.TrlOutOfRange", "three" },
        { PartnerCsv.Keywords, new string('k', 101), "Csv.TooLong", new string('k', 100) },
        { PartnerCsv.Keywords, string.Join(';', Enumerable.Range(1, 31).Select(i => $"k{i}")), "Csv.TooLong", "31" },
        { PartnerCsv.Description, new string('d', 8001), "Csv.TooLong", new string('d', 100) },
        { PartnerCsv.Website, "ucalgary.ca", "Csv.InvalidUrl", "ucalgary.ca" },
        { PartnerCsv.Website, "ftp://ucalgary.ca", "Csv.InvalidUrl", "ftp://ucalgary.ca" },
        { PartnerCsv.Website, "https://x.org/" + new string('p', 290), "Csv.TooLong", ("https://x.org/" + new string('p', 290))[..100] },
        { PartnerCsv.ContactEmail, "not-an-email", "Csv.InvalidEmail", "not-an-email" },
        { PartnerCsv.ContactEmail, "a@b", "Csv.InvalidEmail", "a@b" },
        { PartnerCsv.ContactEmail, "a b@c.org", "Csv.InvalidEmail", "a b@c.org" },
        { PartnerCsv.ContactEmail, new string('a', 250) + "@b.org", "Csv.TooLong", new string('a', 100) },
        { PartnerCsv.LinkedInstitutes, "KRICT;NASA", "Csv.UnknownInstitute", "NASA" },
        { PartnerCsv.Name, "Bad\u0001name", "Csv.InvalidText", "Bad\u0001name" },
        { PartnerCsv.Description, "NUL \0 inside", "Csv.InvalidText", "NUL \0 inside" },
        { PartnerCsv.Keywords, "ok;bad\u0007", "Csv.InvalidText", "bad\u0007" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Each_bad_value_is_reported_with_its_row_column_code_and_value(string column, string value, string code, string? reported)
    {
        var text = File(Row(column, Quote(value)));

        var result = Read(text);

        Assert.Equal([new PartnerCsvError(2, column, code, reported)], result.Errors);
        Assert.Empty(result.Rows);
        Assert.Equal(1, result.RecordCount);
    }

    [Fact]
    public void A_minimum_trl_above_the_maximum_is_reported_on_the_maximum()
    {
        var result = Read(File(Row(PartnerCsv.TrlMin, "7")));

        Assert.Equal([new PartnerCsvError(2, "trl_max", "Csv.TrlOrder", "7>6")], result.Errors);
    }

    [Fact]
    public void Lone_surrogates_are_invalid_text()
    {
        // Built here, not as theory data: serializing theory data would replace a lone surrogate by U+FFFD.
        foreach (var value in new[] { "Lone " + '\uD800' + " high", "Lone " + '\uDC00' + " low", "Ends high " + '\uD83C' })
        {
            var result = Read(File(Row(PartnerCsv.Name, value)));

            Assert.Equal([new PartnerCsvError(2, "name", "Csv.InvalidText", value)], result.Errors);
        }
    }

    [Theory]
    [InlineData(PartnerCsv.Website, "http://example.org/path?q=1")]
    [InlineData(PartnerCsv.ContactEmail, "first.last+tag@sub.example.co.kr")]
    [InlineData(PartnerCsv.TrlMin, "6")]
    [InlineData(PartnerCsv.Description, "Two\r\nlines\tand a tab")]
    [InlineData(PartnerCsv.Name, "Université de Montréal 🌍")]
    [InlineData(PartnerCsv.Keywords, "")]
    [InlineData(PartnerCsv.CooperationTypes, "")]
    public void Acceptable_values_pass(string column, string value)
    {
        var result = Read(File(Row(column, Quote(value))));

        Assert.Empty(result.Errors);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void Every_error_of_every_row_is_reported_not_only_the_first()
    {
        var result = Read(File(
            "P-1,,,XX,robot,CCUS;SEMI.LOWPOWER,dance,0,12,,,ftp://x,bad,NASA",
            Calgary,
            "P-3,Fine name,,US,company,,,,,,,,,"));

        Assert.Equal(
        [
            new PartnerCsvError(2, "name", "Csv.Required", null),
            new PartnerCsvError(2, "country", "Csv.UnknownCountry", "XX"),
            new PartnerCsvError(2, "partner_type", "Csv.UnknownPartnerType", "robot"),
            new PartnerCsvError(2, "technology_codes", "Csv.UnknownTechnology", "CCUS"),
            new PartnerCsvError(2, "cooperation_types", "Csv.UnknownCooperationType", "dance"),
            new PartnerCsvError(2, "trl_min", "Csv.TrlOutOfRange", "0"),
            new PartnerCsvError(2, "trl_max", "Csv.TrlOutOfRange", "12"),
            new PartnerCsvError(2, "website", "Csv.InvalidUrl", "ftp://x"),
            new PartnerCsvError(2, "contact_email", "Csv.InvalidEmail", "bad"),
            new PartnerCsvError(2, "linked_institutes", "Csv.UnknownInstitute", "NASA"),
            new PartnerCsvError(4, "technology_codes", "Csv.Required", null),
        ], result.Errors);
        Assert.Equal([3], result.Rows.Select(r => r.Row));
        Assert.Equal(3, result.RecordCount);
    }

    [Fact]
    public void A_repeated_external_id_is_an_error_on_every_later_row()
    {
        var result = Read(File(Calgary, Row(PartnerCsv.Name, "Other"), Row(PartnerCsv.ExternalId, "P-7"), Row(PartnerCsv.Name, "Third")));

        Assert.Equal(
            [new PartnerCsvError(3, "external_id", "Csv.DuplicateExternalId", "P-002"), new PartnerCsvError(5, "external_id", "Csv.DuplicateExternalId", "P-002")],
            result.Errors);
        Assert.Equal([2, 4], result.Rows.Select(r => r.Row));
    }

    [Fact]
    public void Reported_values_are_cut_to_one_hundred_characters()
    {
        var result = Read(File(Row(PartnerCsv.Country, new string('Z', 500))));

        Assert.Equal(100, Assert.Single(result.Errors).Value!.Length);
    }

    [Fact]
    public void More_than_the_maximum_number_of_rows_is_an_error()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i <= PartnerCsv.MaxRows; i++)
        {
            text.Append("P-").Append(i).Append(",N,,US,company,CCUS.METHANE,,,,,,,,\n");
        }

        var result = Read(text.ToString());

        var error = Assert.Single(result.Errors);
        Assert.Equal(("Csv.TooManyRows", PartnerCsv.MaxRows + 2), (error.Code, error.Row));
        Assert.Equal(PartnerCsv.MaxRows, result.RecordCount);
    }

    [Fact]
    public void Write_gives_the_header_in_format_order_and_crlf_rows()
    {
        var writer = new StringWriter();

        PartnerCsv.Write(writer, []);

        Assert.Equal(Header + "\r\n", writer.ToString());
        Assert.Equal(Header.Split(','), PartnerCsv.Columns);
    }

    [Fact]
    public void Write_quotes_only_what_needs_quoting()
    {
        var writer = new StringWriter();
        PartnerCsv.Write(writer, [Data("P-1") with { Name = "Plain", Description = "a, \"b\"\nc" }]);

        var line = writer.ToString().Split("\r\n")[1];

        Assert.StartsWith("P-1,Plain,", line, StringComparison.Ordinal);
        Assert.Contains(",\"a, \"\"b\"\"\nc\",", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_round_trips_with_read()
    {
        OverseasPartnerData[] partners =
        [
            Data("P-1"),
            new("P-2", "Northwestern University, \"NU\"", null, "US", "university", ["CCUS.CONVERSION"], [], null, null, [], null, null, null, []),
            Data("P-3") with { Description = "첫 줄,\r\n둘째 줄 \"인용\"\n셋째", Keywords = ["메탄", "dry reforming", "a,b"] },
        ];
        var writer = new StringWriter();

        PartnerCsv.Write(writer, partners);
        var result = Read(writer.ToString());

        Assert.Empty(result.Errors);
        Assert.Equal(partners.Length, result.Rows.Count);
        for (var i = 0; i < partners.Length; i++)
        {
            AssertSame(partners[i], result.Rows[i].Data);
        }
    }

    private static OverseasPartnerData Data(string id) => new(id, "University of Calgary", "캘거리 대학교", "CA", "university",
        ["CCUS.METHANE", "CCUS.CONVERSION"], ["joint_research", "technology_introduction"], 3, 6, ["methane", "메탄"], "Methane CCU",
        "https://ucalgary.ca", "ccu@ucalgary.ca", ["KRICT", "KETI"]);

    private static void AssertSame(OverseasPartnerData expected, OverseasPartnerData actual)
    {
        Assert.Equal(
            (expected.ExternalId, expected.Name, expected.NameKo, expected.CountryCode, expected.PartnerTypeCode, expected.TrlMin, expected.TrlMax,
                expected.Description, expected.Website, expected.ContactEmail),
            (actual.ExternalId, actual.Name, actual.NameKo, actual.CountryCode, actual.PartnerTypeCode, actual.TrlMin, actual.TrlMax,
                actual.Description, actual.Website, actual.ContactEmail));
        Assert.Equal(expected.TechnologyCodes, actual.TechnologyCodes);
        Assert.Equal(expected.CooperationTypes, actual.CooperationTypes);
        Assert.Equal(expected.Keywords, actual.Keywords);
        Assert.Equal(expected.LinkedInstitutes, actual.LinkedInstitutes);
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
