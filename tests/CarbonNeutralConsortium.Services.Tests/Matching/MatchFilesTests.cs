using System.Text.Json;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Services.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Tests.Matching;

/// <summary>The requests JSON Lines, the results JSON, batch matching errors and the engine's registration. No database.</summary>
public class MatchFilesTests
{
    private static readonly MatchingVocabularies Reference = MatchingVocabularies.FromReferenceData();

    private const string Partners =
        "external_id,name,country,partner_type,technology_codes,keywords,linked_institutes\r\n" +
        "P-002,University of Calgary,CA,university,CCUS.METHANE,메탄;dry reforming,KRICT\r\n" +
        "P-003,Northwestern University,US,university,CCUS.CONVERSION,CO2 conversion,KRICT\r\n" +
        "P-009,Shanghai Methane,CN,company,CCUS.METHANE,methane,\r\n";

    private const string Line =
        """{"external_id":"R-001","title":"메탄 건식 개질","description":"메탄을 합성가스로","sector":"PETROCHEMICAL","technology_codes":["CCUS.METHANE"],"cooperation_type":"joint_research","preferred_countries":["ca","US"],"excluded_countries":["CN"],"preferred_partner_types":["university"],"trl_current":3,"trl_target":6,"keywords":["메탄","건식 개질"]}""";

    private static (IReadOnlyList<MatchingRequest> Requests, IReadOnlyList<MatchFileError> Errors) Read(string text) =>
        MatchFiles.ReadRequests(new StringReader(text), Reference);

    [Fact]
    public void A_request_line_gives_every_field_with_the_description_as_summary_and_the_sector_lead_as_lead_institute()
    {
        var (requests, errors) = Read("\uFEFF" + Line + "\n\n   \n" + """{"external_id":"R-2","title":"t","sector":"ICT","technology_codes":["DX"]}""" + "\n");

        Assert.Empty(errors);
        var r = requests[0];
        Assert.Equal(("R-001", "메탄 건식 개질", "메탄을 합성가스로", "PETROCHEMICAL", "joint_research"), (r.Id, r.Title, r.Summary, r.SectorCode, r.CooperationTypeCode));
        Assert.Equal(["CA", "US"], r.PreferredCountries);
        Assert.Equal(["CN"], r.ExcludedCountries);
        Assert.Equal((3, 6), (r.TrlCurrent, r.TrlTarget));
        Assert.Equal(["메탄", "건식 개질"], r.Keywords);
        Assert.Equal("KRICT", r.LeadOrganizationCode);
        var minimal = requests[1];
        Assert.Equal(("ETRI", null, (int?)null), (minimal.LeadOrganizationCode, minimal.CooperationTypeCode, minimal.TrlCurrent));
        Assert.Empty(minimal.PreferredCountries);
    }

    [Fact]
    public void Every_bad_line_is_reported_with_its_line_number()
    {
        var text = string.Join("\n",
            Line,
            "{not json",
            """{"title":"no id","technology_codes":["CCUS.METHANE"]}""",
            """{"external_id":"R-3","title":"x","sector":"SPACE","technology_codes":["CCUS.NOPE"],"cooperation_type":"dance","preferred_countries":["XX"],"trl_current":0}""",
            """{"external_id":"R-001","title":"again","sector":"ICT","technology_codes":["DX"]}""",
            """{"external_id":"R-5","title":"x","sector":"ICT","technology_codes":"DX","trl_current":7,"trl_target":4}""",
            "[1,2]");

        var (requests, errors) = Read(text);

        Assert.Single(requests);
        Assert.Contains(errors, e => e.Line == 2 && e.Message.StartsWith("invalid JSON", StringComparison.Ordinal));
        Assert.Contains(new MatchFileError(3, "external_id: required"), errors);
        Assert.Contains(new MatchFileError(3, "sector: required"), errors);
        Assert.Contains(errors, e => e.Line == 4 && e.Message.StartsWith("sector: unknown code \"SPACE\"", StringComparison.Ordinal));
        Assert.Contains(new MatchFileError(4, "technology_codes: unknown code \"CCUS.NOPE\""), errors);
        Assert.Contains(new MatchFileError(4, "cooperation_type: unknown code \"dance\""), errors);
        Assert.Contains(new MatchFileError(4, "preferred_countries: unknown code \"XX\""), errors);
        Assert.Contains(new MatchFileError(4, "trl_current: must be a whole number from 1 to 9"), errors);
        Assert.Contains(errors, e => e.Line == 5 && e.Message.Contains("repeated", StringComparison.Ordinal));
        Assert.Contains(new MatchFileError(6, "technology_codes: must be an array of strings"), errors);
        Assert.Contains(new MatchFileError(6, "trl_current (7) is above trl_target (4)"), errors);
        Assert.Contains(new MatchFileError(7, "a line must be one JSON object"), errors);
        Assert.Equal("line 7: a line must be one JSON object", new MatchFileError(7, "a line must be one JSON object").ToString());
    }

    [Fact]
    public void Match_gives_the_results_json_of_the_format_in_snake_case_with_korean_readable()
    {
        var batch = EvaluationSetTests.Batch();

        var document = batch.Match(new StringReader(Partners), new StringReader(Line), top: 10, english: false);
        var json = JsonSerializer.Serialize(document, MatchResultsJson.Options);

        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(batch.EngineVersion, parsed.RootElement.GetProperty("engine_version").GetString());
        Assert.StartsWith("{\"engine_version\":", json, StringComparison.Ordinal);
        Assert.Contains("\"request_id\":\"R-001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"partner_id\":\"P-002\",\"rank\":1,\"score\":", json, StringComparison.Ordinal);
        Assert.Contains("\"factor\":\"technology\",\"points\":35,\"reason\":\"메탄 활용·전환(CCUS.METHANE) 정확히 일치\"", json, StringComparison.Ordinal);
        Assert.Contains("\"excluded\":false", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\uBA54", json, StringComparison.OrdinalIgnoreCase); // 메 written as is, not escaped
        var matches = Assert.Single(document.Results).Matches;
        Assert.Equal(["P-002", "P-003"], matches.Select(m => m.PartnerId)); // P-009 is in an excluded country
        Assert.Equal(8, matches[0].Factors.Count);
    }

    [Fact]
    public void Match_keeps_the_top_k_and_gives_english_reasons_when_asked()
    {
        var document = EvaluationSetTests.Batch().Match(new StringReader(Partners), new StringReader(Line), top: 1, english: true);

        var match = Assert.Single(Assert.Single(document.Results).Matches);
        Assert.Equal("Methane utilization and conversion (CCUS.METHANE) matches exactly", match.Factors[0].Reason);
    }

    [Fact]
    public void A_bad_partners_file_throws_an_input_error_naming_every_bad_row()
    {
        var csv = Partners + "P-X,Bad,XX,robot,CCUS,,\r\nP-Y,,US,company,CCUS.METHANE,,\r\n";

        var error = Assert.Throws<MatchInputException>(() => EvaluationSetTests.Batch().Match(new StringReader(csv), new StringReader(Line), 10, false));

        Assert.Contains("partners file", error.Message, StringComparison.Ordinal);
        Assert.Contains("row 5, country: Csv.UnknownCountry \"XX\"", error.Problems);
        Assert.Contains("row 5, partner_type: Csv.UnknownPartnerType \"robot\"", error.Problems);
        Assert.Contains("row 5, technology_codes: Csv.UnknownTechnology \"CCUS\"", error.Problems);
        Assert.Contains("row 6, name: Csv.Required", error.Problems);
    }

    [Fact]
    public void A_bad_requests_file_or_top_throws_an_input_error()
    {
        var batch = EvaluationSetTests.Batch();

        var error = Assert.Throws<MatchInputException>(() => batch.Match(new StringReader(Partners), new StringReader("{}\n"), 10, false));
        Assert.Contains("line 1: external_id: required", error.Problems);
        Assert.Throws<MatchInputException>(() => batch.Match(new StringReader(Partners), new StringReader("\n"), 10, false));
        Assert.Throws<MatchInputException>(() => batch.Match(new StringReader(Partners), new StringReader(Line), 0, false));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "one JSON object")]
    [InlineData("{\"R-001\":\"P-002\"}", "has errors")]
    [InlineData("{\"R-404\":[\"P-002\"]}", "do not fit")]
    [InlineData("{\"R-001\":[\"P-404\"]}", "do not fit")]
    [InlineData("{}", "judges no request")]
    public void A_bad_expected_file_throws_an_input_error(string expected, string message)
    {
        var error = Assert.Throws<MatchInputException>(() =>
            EvaluationSetTests.Batch().Evaluate(new StringReader(Partners), new StringReader(Line), new StringReader(expected)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ranks_each_judged_request_against_all_partners()
    {
        var report = EvaluationSetTests.Batch().Evaluate(new StringReader(Partners), new StringReader(Line), new StringReader("{\"R-001\":[\"P-003\"]}"));

        var request = Assert.Single(report.Requests);
        Assert.Equal((2, 0.5), (request.FirstRelevantRank, report.Mrr));
    }

    [Fact]
    public void The_vocabulary_and_code_book_come_from_the_reference_data()
    {
        Assert.Contains("CCUS.METHANE", Reference.CodeBook.TechnologyLeaves);
        Assert.DoesNotContain("CCUS", Reference.CodeBook.TechnologyLeaves);
        Assert.Contains("KR", Reference.CodeBook.Countries);
        Assert.Contains("KRICT", Reference.CodeBook.Institutes);
        Assert.DoesNotContain("KEIT", Reference.CodeBook.Institutes);
        Assert.Equal("CCUS", Reference.Vocabulary.Technologies["CCUS.METHANE"].Parent);
        Assert.Equal(("캐나다", "Canada"), Reference.Vocabulary.Countries["CA"]);
        Assert.Equal("KETI", Reference.SectorLeads["ELECTRONICS"]);
    }

    [Fact]
    public void AddMatching_reads_the_weights_from_configuration_and_changes_the_engine_version()
    {
        using var defaults = Provider([]);
        using var tuned = Provider(new() { ["Matching:Weights:Technology"] = "30", ["Matching:Weights:Keywords"] = "25" });

        var engine = defaults.GetRequiredService<MatchingEngine>();
        var tunedEngine = tuned.GetRequiredService<MatchingEngine>();

        Assert.Equal(35, engine.Weights.Technology);
        Assert.Equal(30, tunedEngine.Weights.Technology);
        Assert.NotEqual(engine.Version, tunedEngine.Version);
        Assert.NotNull(defaults.GetRequiredService<BatchMatching>());
    }

    [Fact]
    public void AddMatching_refuses_weights_that_do_not_sum_to_100()
    {
        using var provider = Provider(new() { ["Matching:Weights:Technology"] = "90" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<MatchingEngine>());
        Assert.Contains("sum to 100", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddMatching(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
}
