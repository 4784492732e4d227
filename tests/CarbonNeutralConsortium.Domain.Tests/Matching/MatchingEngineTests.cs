using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;

namespace CarbonNeutralConsortium.Domain.Tests.Matching;

/// <summary>The matching engine: every hard filter, every factor (full, partial, none) with its reasons, ranking and determinism.</summary>
public class MatchingEngineTests
{
    internal static readonly MatchingVocabulary Vocabulary = new(
        new Dictionary<string, TechnologyTerm>(StringComparer.Ordinal)
        {
            ["CCUS"] = new("CCUS", null, "탄소 포집·활용·저장(CCUS)", "Carbon capture, utilization and storage"),
            ["CCUS.METHANE"] = new("CCUS.METHANE", "CCUS", "메탄 활용·전환", "Methane utilization and conversion"),
            ["CCUS.CONVERSION"] = new("CCUS.CONVERSION", "CCUS", "이산화탄소 전환", "CO2 conversion to chemicals and fuels"),
            ["SEMI"] = new("SEMI", null, "반도체·전자", "Semiconductors and electronics"),
            ["SEMI.LOWPOWER"] = new("SEMI.LOWPOWER", "SEMI", "저전력 고효율 칩(그린칩)", "Low-power high-efficiency chips (green chips)"),
            ["SEMI.POWER"] = new("SEMI.POWER", "SEMI", "화합물 전력반도체", "Compound power semiconductors"),
        },
        new Dictionary<string, (string Ko, string En)>(StringComparer.Ordinal) { ["CA"] = ("캐나다", "Canada"), ["US"] = ("미국", "United States"), ["CN"] = ("중국", "China"), ["DE"] = ("독일", "Germany") },
        new Dictionary<string, (string Ko, string En)>(StringComparer.Ordinal)
        {
            ["university"] = ("대학", "University"), ["research_institute"] = ("연구기관", "Research institute"), ["company"] = ("기업", "Company"),
            ["public_agency"] = ("공공기관", "Public agency"),
        },
        new Dictionary<string, (string Ko, string En)>(StringComparer.Ordinal)
        {
            ["joint_research"] = ("국제 공동연구", "International joint R&D"), ["technology_introduction"] = ("해외기술 도입", "Technology introduction"),
            ["standards"] = ("국제표준·기술규제 협력", "Standards and regulation cooperation"),
        },
        new Dictionary<string, (string Ko, string En)>(StringComparer.Ordinal)
        {
            ["KRICT"] = ("한국화학연구원", "Korea Research Institute of Chemical Technology"), ["KETI"] = ("한국전자기술연구원", "Korea Electronics Technology Institute"),
        });

    private static readonly MatchingEngine Engine = new(Vocabulary, new MatchingWeights());

    internal static MatchingRequest Request(
        string[]? technologies = null, string? cooperation = "joint_research", string[]? preferredCountries = null, string[]? excludedCountries = null,
        string[]? types = null, int? trlCurrent = 3, int? trlTarget = 6, string title = "메탄 건식 개질 촉매", string? summary = null,
        string[]? keywords = null, string? lead = "KRICT") =>
        new("R-1", title, summary, null, "PETROCHEMICAL", technologies ?? ["CCUS.METHANE"], cooperation, preferredCountries ?? [], excludedCountries ?? [],
            types ?? [], trlCurrent, trlTarget, keywords ?? [], lead);

    internal static MatchingPartner Partner(
        string id = "P-1", string[]? technologies = null, string country = "CA", string type = "university", string[]? cooperation = null,
        int? trlMin = 3, int? trlMax = 6, string? description = null, string[]? keywords = null, string[]? linked = null, bool active = true,
        PartnerTrackRecord? record = null, string name = "University of Calgary", string? nameKo = null) =>
        new(id, name, nameKo, country, type, technologies ?? ["CCUS.METHANE"], cooperation ?? [], trlMin, trlMax, keywords ?? [], description,
            linked ?? [], active, record ?? PartnerTrackRecord.None);

    private static MatchFactor Factor(PartnerEvaluation evaluation, string name) => evaluation.Factors.Single(f => f.Factor == name);

    private static MatchFactor Factor(MatchingRequest request, MatchingPartner partner, string name) => Factor(Engine.Evaluate(request, partner), name);

    // ---- Hard filters ----

    [Fact]
    public void An_inactive_partner_is_excluded_with_a_reason_in_both_languages()
    {
        var evaluation = Engine.Evaluate(Request(), Partner(active: false));

        var exclusion = Assert.Single(evaluation.Exclusions);
        Assert.Equal(ExclusionReason.Inactive, exclusion.Reason);
        Assert.Contains("비활성", exclusion.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("deactivated", exclusion.ReasonEn, StringComparison.Ordinal);
        Assert.True(evaluation.IsExcluded);
    }

    [Fact]
    public void A_partner_in_an_excluded_country_is_excluded_naming_the_country()
    {
        var evaluation = Engine.Evaluate(Request(excludedCountries: ["CN"]), Partner(country: "CN"));

        var exclusion = Assert.Single(evaluation.Exclusions);
        Assert.Equal(ExclusionReason.ExcludedCountry, exclusion.Reason);
        Assert.Contains("중국(CN)", exclusion.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("China (CN)", exclusion.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partner_type_the_request_rules_out_is_excluded_naming_the_types()
    {
        var evaluation = Engine.Evaluate(Request(types: ["university"]), Partner(type: "company"));

        var exclusion = Assert.Single(evaluation.Exclusions);
        Assert.Equal(ExclusionReason.PartnerTypeRuledOut, exclusion.Reason);
        Assert.Contains("기업", exclusion.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("(University): Company", exclusion.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partner_that_lists_cooperation_types_without_the_requested_one_is_excluded()
    {
        var evaluation = Engine.Evaluate(Request(cooperation: "joint_research"), Partner(cooperation: ["technology_introduction"]));

        var exclusion = Assert.Single(evaluation.Exclusions);
        Assert.Equal(ExclusionReason.CooperationTypeNotOffered, exclusion.Reason);
        Assert.Contains("국제 공동연구", exclusion.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("offers: Technology introduction", exclusion.ReasonEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("joint_research")]
    public void A_partner_open_to_any_cooperation_or_a_request_without_a_type_is_not_excluded(string? requested)
    {
        Assert.False(Engine.Evaluate(Request(cooperation: requested), Partner(cooperation: [])).IsExcluded);
        Assert.False(Engine.Evaluate(Request(cooperation: null), Partner(cooperation: ["standards"])).IsExcluded);
    }

    [Fact]
    public void An_excluded_partner_still_gets_every_factor_for_why_not_and_is_left_out_of_the_ranking()
    {
        var request = Request(excludedCountries: ["CN"]);
        var excluded = Partner("P-CN", country: "CN");

        var evaluation = Engine.Evaluate(request, excluded);
        var ranked = Engine.Rank(request, [excluded, Partner("P-CA")]);

        Assert.Equal(new MatchingWeights().All.Select(w => w.Factor), evaluation.Factors.Select(f => f.Factor));
        Assert.Equal(35, Factor(evaluation, MatchFactorNames.Technology).Points);
        Assert.Equal(["P-CA"], ranked.Select(r => r.Evaluation.Partner.Id));
        Assert.Equal(1, ranked[0].Rank);
    }

    [Fact]
    public void Several_filters_all_appear()
    {
        var evaluation = Engine.Evaluate(Request(excludedCountries: ["CN"], types: ["university"]), Partner(country: "CN", type: "company", active: false));

        Assert.Equal([ExclusionReason.Inactive, ExclusionReason.ExcludedCountry, ExclusionReason.PartnerTypeRuledOut], evaluation.Exclusions.Select(e => e.Reason));
    }

    // ---- Technology ----

    [Fact]
    public void An_exact_leaf_gives_full_technology_points_naming_the_area_in_each_language()
    {
        var factor = Factor(Request(), Partner(), MatchFactorNames.Technology);

        Assert.Equal(35, factor.Points);
        Assert.Equal("메탄 활용·전환(CCUS.METHANE) 정확히 일치", factor.ReasonKo);
        Assert.Equal("Methane utilization and conversion (CCUS.METHANE) matches exactly", factor.ReasonEn);
    }

    [Fact]
    public void A_leaf_of_the_same_parent_area_gives_partial_points()
    {
        var factor = Factor(Request(), Partner(technologies: ["CCUS.CONVERSION"]), MatchFactorNames.Technology);

        Assert.Equal(14, factor.Points); // 40% of 35
        Assert.Contains("같은 분야", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("이산화탄소 전환(CCUS.CONVERSION)", factor.ReasonKo, StringComparison.Ordinal);
        Assert.StartsWith("Same area (Carbon capture, utilization and storage (CCUS))", factor.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_area_gives_no_technology_points()
    {
        var factor = Factor(Request(), Partner(technologies: ["SEMI.LOWPOWER"]), MatchFactorNames.Technology);

        Assert.Equal(0, factor.Points);
        Assert.Contains("불일치", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("No technology overlap", factor.ReasonEn, StringComparison.Ordinal);
        Assert.Contains("Low-power high-efficiency chips (green chips) (SEMI.LOWPOWER)", factor.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Technology_points_scale_with_the_share_of_request_codes_covered_and_any_exact_leaf_gives_at_least_three_quarters()
    {
        var request = Request(technologies: ["CCUS.METHANE", "SEMI.LOWPOWER"]);

        var all = Factor(request, Partner(technologies: ["CCUS.METHANE", "SEMI.LOWPOWER"]), MatchFactorNames.Technology);
        var half = Factor(request, Partner(technologies: ["CCUS.METHANE"]), MatchFactorNames.Technology);
        var halfAndSibling = Factor(request, Partner(technologies: ["CCUS.METHANE", "SEMI.POWER"]), MatchFactorNames.Technology);

        Assert.Equal(35, all.Points);
        Assert.Equal(30.6, half.Points); // (0.75 + 0.25 × 0.5) × 35
        Assert.True(half.Points >= 0.75 * 35);
        Assert.True(halfAndSibling.Points > half.Points);
        Assert.Contains("nothing matches Low-power", half.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requested_parent_area_matches_any_of_its_leaves_at_area_level()
    {
        var factor = Factor(Request(technologies: ["CCUS"]), Partner(technologies: ["CCUS.CONVERSION"]), MatchFactorNames.Technology);

        Assert.Equal(21, factor.Points); // 60% of 35: at least the same-area level
        Assert.True(factor.Points >= 14);
        Assert.Contains("요청 분야", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("in the requested area", factor.ReasonEn, StringComparison.Ordinal);
    }

    // ---- Keywords (text relevance) ----

    [Fact]
    public void Korean_words_with_particles_match_their_stems()
    {
        var request = Request(title: "메탄을 활용한 합성가스 생산", keywords: ["메탄"]);
        var partner = Partner(description: "메탄의 건식 개질로 합성가스를 만듭니다.");

        var factor = Factor(request, partner, MatchFactorNames.Keywords);

        Assert.True(factor.Points > 10, $"points {factor.Points}");
        Assert.Contains("메탄의", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("합성가스를", factor.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Matched_words_are_listed_from_the_partner_text_lower_cased_up_to_five_request_keywords_first()
    {
        var request = Request(title: "Methane reforming catalysts for syngas, hydrogen, carbon, nickel and coke", keywords: ["메탄", "dry reforming"]);
        var partner = Partner(description: "Dry reforming of methane to syngas with nickel catalysts resisting coke; also hydrogen and carbon.", keywords: ["메탄"]);

        var factor = Factor(request, partner, MatchFactorNames.Keywords);

        Assert.StartsWith("공통 단어: 메탄, dry, reforming", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Equal(5, factor.ReasonEn["Words in common: ".Length..].Split(", ").Length);
    }

    [Fact]
    public void More_shared_text_gives_more_keyword_points_and_points_saturate_below_the_weight()
    {
        var request = Request(title: "Methane dry reforming catalyst", summary: "Nickel catalyst for dry reforming of methane into syngas", keywords: ["methane", "dry reforming"]);

        var none = Factor(request, Partner(description: "Perovskite solar cells"), MatchFactorNames.Keywords);
        var some = Factor(request, Partner(description: "Methane emission monitoring"), MatchFactorNames.Keywords);
        var most = Factor(request, Partner(description: "Dry reforming of methane to syngas on nickel catalysts"), MatchFactorNames.Keywords);

        Assert.Equal(0, none.Points);
        Assert.Equal("요청과 겹치는 단어가 없습니다.", none.ReasonKo);
        Assert.Equal("No words in common with the request.", none.ReasonEn);
        Assert.InRange(some.Points, 0.1, most.Points - 0.1);
        Assert.InRange(most.Points, 15, 20);
    }

    [Fact]
    public void Generic_request_words_alone_give_no_keyword_points()
    {
        var request = Request(title: "해외 기술 협력 파트너 희망", summary: "We seek a research partner for joint development of technology");

        var factor = Factor(request, Partner(description: "Technology development partner for joint research and cooperation; 기술 협력"), MatchFactorNames.Keywords);

        Assert.Equal(0, factor.Points);
    }

    [Fact]
    public void A_word_found_only_in_the_partner_name_counts_lightly()
    {
        var request = Request(title: "Calgary methane", keywords: []);

        var inName = Factor(request, Partner(name: "Calgary Lab", description: "methane"), MatchFactorNames.Keywords);
        var inText = Factor(request, Partner(name: "Lab", description: "methane in Calgary"), MatchFactorNames.Keywords);

        Assert.True(inName.Points < inText.Points);
    }

    // ---- Country ----

    [Fact]
    public void A_preferred_country_gives_full_country_points()
    {
        var factor = Factor(Request(preferredCountries: ["US", "CA"]), Partner(country: "CA"), MatchFactorNames.Country);

        Assert.Equal((10.0, "선호 국가 캐나다(CA)", "Preferred country Canada (CA)"), (factor.Points, factor.ReasonKo, factor.ReasonEn));
    }

    [Fact]
    public void No_country_preference_gives_half_country_points()
    {
        var factor = Factor(Request(), Partner(country: "DE"), MatchFactorNames.Country);

        Assert.Equal(5, factor.Points);
        Assert.Contains("선호 국가 지정 없음", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("Germany (DE)", factor.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_country_outside_the_preference_gives_no_country_points_and_says_which_were_preferred()
    {
        var factor = Factor(Request(preferredCountries: ["US"]), Partner(country: "DE"), MatchFactorNames.Country);

        Assert.Equal(0, factor.Points);
        Assert.Equal("선호 국가(미국(US))가 아님: 독일(DE)", factor.ReasonKo);
        Assert.Equal("Germany (DE) is not a preferred country (United States (US))", factor.ReasonEn);
    }

    // ---- Partner type ----

    [Fact]
    public void A_preferred_partner_type_gives_full_points()
    {
        var factor = Factor(Request(types: ["university"]), Partner(type: "university"), MatchFactorNames.PartnerType);

        Assert.Equal((7.0, "선호 기관 유형: 대학", "Preferred partner type: University"), (factor.Points, factor.ReasonKo, factor.ReasonEn));
    }

    [Theory]
    [InlineData("joint_research", "university", 4.9)]
    [InlineData("joint_research", "research_institute", 4.9)]
    [InlineData("joint_research", "company", 2.1)]
    [InlineData("technology_introduction", "company", 4.9)]
    [InlineData("technology_introduction", "university", 2.1)]
    [InlineData("standards", "public_agency", 4.9)]
    [InlineData(null, "company", 3.5)]
    public void Without_a_type_preference_the_cooperation_type_decides_the_affinity(string? cooperation, string type, double points)
    {
        var factor = Factor(Request(cooperation: cooperation), Partner(type: type), MatchFactorNames.PartnerType);

        Assert.Equal(points, factor.Points);
        Assert.Contains("기관 유형 지정 없음", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("No ", factor.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void The_affinity_reason_says_whether_the_type_suits_the_cooperation()
    {
        var suits = Factor(Request(cooperation: "joint_research"), Partner(type: "university"), MatchFactorNames.PartnerType);
        var less = Factor(Request(cooperation: "joint_research"), Partner(type: "company"), MatchFactorNames.PartnerType);

        Assert.Equal("기관 유형 지정 없음: 대학 (국제 공동연구에 적합한 유형)", suits.ReasonKo);
        Assert.Equal("No type preference: University (a type suited to International joint R&D)", suits.ReasonEn);
        Assert.Equal("기관 유형 지정 없음: 기업 (국제 공동연구에 덜 적합한 유형)", less.ReasonKo);
    }

    // ---- Cooperation type ----

    [Fact]
    public void Cooperation_type_points_are_full_when_offered_half_when_open_or_unspecified()
    {
        var offered = Factor(Request(), Partner(cooperation: ["joint_research", "standards"]), MatchFactorNames.CooperationType);
        var open = Factor(Request(), Partner(cooperation: []), MatchFactorNames.CooperationType);
        var unspecified = Factor(Request(cooperation: null), Partner(cooperation: ["standards"]), MatchFactorNames.CooperationType);

        Assert.Equal((8.0, "국제 공동연구 제공", "Offers International joint R&D"), (offered.Points, offered.ReasonKo, offered.ReasonEn));
        Assert.Equal(4, open.Points);
        Assert.Contains("제한 없음", open.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("Open to any", open.ReasonEn, StringComparison.Ordinal);
        Assert.Equal((4.0, "요청에 협력 유형 지정 없음", "The request names no cooperation type"), (unspecified.Points, unspecified.ReasonKo, unspecified.ReasonEn));
    }

    [Fact]
    public void An_excluded_partner_gets_no_cooperation_points()
    {
        var factor = Factor(Request(), Partner(cooperation: ["standards"]), MatchFactorNames.CooperationType);

        Assert.Equal(0, factor.Points);
        Assert.Contains("미제공", factor.ReasonKo, StringComparison.Ordinal);
    }

    // ---- TRL ----

    [Theory]
    [InlineData(3, 6, 3, 6, 8.0)] // full coverage
    [InlineData(1, 9, 3, 6, 8.0)]
    [InlineData(5, 9, 3, 6, 6.4)] // 2 of 4 levels: (0.6 + 0.4 × 0.5) × 8
    [InlineData(7, 9, 3, 6, 2.4)] // adjacent: 30%
    [InlineData(8, 9, 3, 6, 0.0)] // two levels apart
    [InlineData(null, null, 3, 6, 4.0)] // unknown partner
    [InlineData(3, 6, null, null, 4.0)] // unknown request
    [InlineData(null, 4, 3, 6, 6.4)] // open lower end: 1–4
    public void Trl_fit_scales_with_overlap(int? min, int? max, int? current, int? target, double points)
    {
        var factor = Factor(Request(trlCurrent: current, trlTarget: target), Partner(trlMin: min, trlMax: max), MatchFactorNames.Trl);

        Assert.Equal(points, factor.Points);
        Assert.Contains("TRL", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("TRL", factor.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Trl_reasons_name_both_ranges()
    {
        var covers = Factor(Request(), Partner(trlMin: 2, trlMax: 7), MatchFactorNames.Trl);
        var adjacent = Factor(Request(), Partner(trlMin: 7, trlMax: 8), MatchFactorNames.Trl);

        Assert.Equal("후보 TRL 2–7, 요청 TRL 3→6: 요청 구간 전체 포괄", covers.ReasonKo);
        Assert.Equal("Partner TRL 2–7 covers the request's TRL 3→6", covers.ReasonEn);
        Assert.Equal("Partner TRL 7–8 is next to the request's TRL 3→6 (1 level apart)", adjacent.ReasonEn);
    }

    // ---- Network ----

    [Fact]
    public void A_link_with_the_lead_institute_gives_full_network_points()
    {
        var factor = Factor(Request(lead: "KRICT"), Partner(linked: ["KETI", "KRICT"]), MatchFactorNames.Network);

        Assert.Equal((6.0, "주관기관 연계: 한국화학연구원(KRICT)", "Linked with the lead institute Korea Research Institute of Chemical Technology (KRICT)"),
            (factor.Points, factor.ReasonKo, factor.ReasonEn));
    }

    [Fact]
    public void A_link_with_another_consortium_institute_gives_partial_network_points()
    {
        var factor = Factor(Request(lead: "KRICT"), Partner(linked: ["KETI"]), MatchFactorNames.Network);

        Assert.Equal(2.4, factor.Points);
        Assert.Contains("한국전자기술연구원(KETI)", factor.ReasonKo, StringComparison.Ordinal);
        Assert.Contains("(not the lead)", factor.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void No_link_gives_no_network_points()
    {
        var factor = Factor(Request(), Partner(linked: []), MatchFactorNames.Network);

        Assert.Equal((0.0, "협의체 기관과의 연계 없음", "No link with a consortium institute"), (factor.Points, factor.ReasonKo, factor.ReasonEn));
    }

    // ---- Track record ----

    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(1, 0, 1.2)]
    [InlineData(1, 1, 3.6)] // agreements count double
    [InlineData(3, 1, 6.0)] // 5 units: full
    [InlineData(10, 10, 6.0)]
    public void Track_record_saturates_in_accepted_matches_and_agreements(int accepted, int agreements, double points)
    {
        var factor = Factor(Request(), Partner(record: new PartnerTrackRecord(accepted, agreements)), MatchFactorNames.TrackRecord);

        Assert.Equal(points, factor.Points);
    }

    [Fact]
    public void Track_record_reasons_give_the_counts()
    {
        var some = Factor(Request(), Partner(record: new PartnerTrackRecord(2, 1)), MatchFactorNames.TrackRecord);
        var none = Factor(Request(), Partner(), MatchFactorNames.TrackRecord);

        Assert.Equal(("이전 수락 매칭 2건, 협약 1건", "2 earlier accepted match(es), 1 agreement(s)"), (some.ReasonKo, some.ReasonEn));
        Assert.Equal(("이전 매칭·협약 실적 없음", "No earlier accepted matches or agreements"), (none.ReasonKo, none.ReasonEn));
    }

    // ---- Score, rank, determinism ----

    [Fact]
    public void The_score_is_the_sum_of_the_rounded_factor_points_and_at_most_100()
    {
        var best = Engine.Evaluate(
            Request(preferredCountries: ["CA"], types: ["university"], keywords: ["메탄"], title: "메탄"),
            Partner(cooperation: ["joint_research"], description: "메탄", linked: ["KRICT"], record: new PartnerTrackRecord(5, 5)));

        Assert.Equal(Math.Round(best.Factors.Sum(f => f.Points), 1), best.Score);
        Assert.All(best.Factors, f => Assert.Equal(Math.Round(f.Points, 1), f.Points));
        Assert.InRange(best.Score, 99, 100);
        Assert.All(best.Factors.Zip(new MatchingWeights().All), p => Assert.InRange(p.First.Points, 0, p.Second.Weight));
    }

    [Fact]
    public void Ranking_orders_by_score_and_numbers_from_one()
    {
        var request = Request();
        var ranked = Engine.Rank(request, [Partner("P-far", technologies: ["SEMI.LOWPOWER"]), Partner("P-exact"), Partner("P-near", technologies: ["CCUS.CONVERSION"])]);

        Assert.Equal(["P-exact", "P-near", "P-far"], ranked.Select(r => r.Evaluation.Partner.Id));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_technology_points_then_keyword_points_then_id()
    {
        // Same total (not counting the tie-breakers): technology 35 + network 0 vs technology 14 + ... is built to tie.
        var request = Request(preferredCountries: ["CA"]);
        var exactFar = Partner("P-b", country: "DE", linked: [], trlMin: 3, trlMax: 6); // tech 35, country 0
        var twins = new[] { Partner("P-z"), Partner("P-a") }; // identical but for the id
        var ranked = Engine.Rank(request, [twins[0], exactFar, twins[1]]);

        Assert.Equal(["P-a", "P-z", "P-b"], ranked.Select(r => r.Evaluation.Partner.Id));

        var high = new PartnerEvaluation(Partner("P-1"), 50, [new(MatchFactorNames.Technology, 30, "", ""), new(MatchFactorNames.Keywords, 0, "", "")], []);
        var low = new PartnerEvaluation(Partner("P-0"), 50, [new(MatchFactorNames.Technology, 20, "", ""), new(MatchFactorNames.Keywords, 10, "", "")], []);
        var lowKeywords = new PartnerEvaluation(Partner("P-00"), 50, [new(MatchFactorNames.Technology, 20, "", ""), new(MatchFactorNames.Keywords, 5, "", "")], []);
        var sorted = new List<PartnerEvaluation> { lowKeywords, low, high };
        sorted.Sort(MatchingEngine.CompareForRank);

        Assert.Equal(["P-1", "P-0", "P-00"], sorted.Select(e => e.Partner.Id));
    }

    [Fact]
    public void Shuffled_input_gives_exactly_the_same_ranking()
    {
        var request = Request(title: "메탄을 이용한 합성가스", keywords: ["메탄", "catalyst"], preferredCountries: ["CA", "US"]);
        var partners = Enumerable.Range(0, 60).Select(i => Partner(
            $"P-{i:00}",
            technologies: [(i % 3) switch { 0 => "CCUS.METHANE", 1 => "CCUS.CONVERSION", _ => "SEMI.LOWPOWER" }],
            country: i % 2 == 0 ? "CA" : "DE",
            description: i % 4 == 0 ? "메탄 catalyst" : "other",
            trlMin: 1 + (i % 5), trlMax: 5 + (i % 5),
            linked: i % 5 == 0 ? ["KRICT"] : [])).ToList();

        var expected = Engine.Rank(request, partners);
        var random = new Random(42);
        for (var round = 0; round < 5; round++)
        {
            var shuffled = partners.OrderBy(_ => random.Next()).ToList();
            var again = new MatchingEngine(Vocabulary, new MatchingWeights()).Rank(request, shuffled);

            Assert.Equal(expected.Select(r => (r.Rank, r.Evaluation.Partner.Id, r.Evaluation.Score)), again.Select(r => (r.Rank, r.Evaluation.Partner.Id, r.Evaluation.Score)));
            Assert.Equal(expected.SelectMany(r => r.Evaluation.Factors), again.SelectMany(r => r.Evaluation.Factors));
        }
    }

    [Fact]
    public void The_score_and_tie_breakers_computed_for_ranking_are_those_of_the_explained_factors()
    {
        // Ranking scores every candidate without text and explains on first read: both must give the same points,
        // for every branch of every factor (exact, area, sibling or no technology; words or none; each country, type,
        // cooperation, TRL, network and track record case).
        var requests = new[]
        {
            Request(),
            Request(technologies: ["CCUS", "SEMI.POWER"], cooperation: null, preferredCountries: ["CA"], trlCurrent: null, trlTarget: 7, keywords: ["메탄", "catalyst"]),
            Request(technologies: ["CCUS.CONVERSION", "SEMI.LOWPOWER", "CCUS.METHANE"], cooperation: "standards", types: ["university", "company"], trlCurrent: 8,
                trlTarget: 2, title: "Low-power chips and methane", lead: null),
            Request(technologies: [], cooperation: "technology_introduction", title: "", keywords: []),
        };
        var codes = new[] { "CCUS.METHANE", "CCUS.CONVERSION", "SEMI.LOWPOWER", "SEMI.POWER", "CCUS", "UNKNOWN" };
        var partners = Enumerable.Range(0, 120).Select(i => Partner(
            $"P-{i:000}",
            technologies: [codes[i % codes.Length], .. i % 4 == 0 ? [codes[(i / 4) % codes.Length]] : Array.Empty<string>()],
            country: (i % 3) switch { 0 => "CA", 1 => "DE", _ => "US" },
            type: (i % 4) switch { 0 => "university", 1 => "company", 2 => "public_agency", _ => "research_institute" },
            cooperation: (i % 5) switch { 0 => [], 1 => ["joint_research"], 2 => ["standards", "joint_research"], 3 => ["technology_introduction"], _ => ["standards"] },
            trlMin: i % 7 == 0 ? null : 1 + (i % 6), trlMax: i % 11 == 0 ? null : 4 + (i % 6),
            description: (i % 3) switch { 0 => "메탄을 이용한 catalyst 연구", 1 => "green chips for power", _ => null },
            keywords: i % 2 == 0 ? ["methane", "전력반도체"] : [],
            linked: (i % 4) switch { 0 => ["KRICT"], 1 => ["KETI"], 2 => ["OTHER"], _ => [] },
            record: new PartnerTrackRecord(i % 9, i % 4))).ToList();

        foreach (var request in requests)
        {
            foreach (var ranked in Engine.Rank(request, partners))
            {
                var evaluation = ranked.Evaluation;
                var explained = new PartnerEvaluation(evaluation.Partner, evaluation.Score, evaluation.Factors, evaluation.Exclusions);

                Assert.Equal(Math.Clamp(Math.Round(evaluation.Factors.Sum(f => f.Points), 1, MidpointRounding.AwayFromZero), 0, 100), evaluation.Score);
                Assert.Equal((explained.TechnologyPoints, explained.KeywordPoints), (evaluation.TechnologyPoints, evaluation.KeywordPoints));
                Assert.All(evaluation.Factors, f => Assert.False(string.IsNullOrWhiteSpace(f.ReasonKo) || string.IsNullOrWhiteSpace(f.ReasonEn)));
            }

            foreach (var partner in partners)
            {
                var evaluation = Engine.Evaluate(request, partner);
                Assert.Equal(Math.Clamp(Math.Round(evaluation.Factors.Sum(f => f.Points), 1, MidpointRounding.AwayFromZero), 0, 100), evaluation.Score);
            }
        }
    }

    // ---- Weights and version ----

    [Fact]
    public void Invalid_weights_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MatchingEngine(Vocabulary, new MatchingWeights { Technology = 50 }));
        Assert.Throws<ArgumentException>(() => new MatchingEngine(Vocabulary, new MatchingWeights { Technology = 45, Keywords = -10, Country = 20 }));
        Assert.Throws<ArgumentException>(() => new MatchingEngine(Vocabulary, new MatchingWeights { Technology = double.NaN }));
    }

    [Fact]
    public void The_version_names_the_algorithm_and_changes_with_the_weights_only()
    {
        var defaults = new MatchingEngine(Vocabulary, new MatchingWeights());
        var same = new MatchingEngine(Vocabulary, new MatchingWeights());
        var other = new MatchingEngine(Vocabulary, new MatchingWeights { Technology = 30, Keywords = 25 });

        Assert.Matches(@"^cnc-match/1\+w[0-9a-f]{7}$", defaults.Version);
        Assert.StartsWith(MatchingEngine.Algorithm + "+w", defaults.Version, StringComparison.Ordinal);
        Assert.Equal(defaults.Version, same.Version);
        Assert.NotEqual(defaults.Version, other.Version);
    }

    [Fact]
    public void Other_weights_change_the_factor_maxima()
    {
        var engine = new MatchingEngine(Vocabulary, new MatchingWeights { Technology = 30, Keywords = 25 });

        Assert.Equal(30, Factor(engine.Evaluate(Request(), Partner()), MatchFactorNames.Technology).Points);
    }

    [Fact]
    public void Changing_the_weights_object_after_construction_does_not_change_the_engine()
    {
        var weights = new MatchingWeights();
        var engine = new MatchingEngine(Vocabulary, weights);
        var version = engine.Version;

        weights.Technology = 0;

        Assert.Equal(version, engine.Version);
        Assert.Equal(35, Factor(engine.Evaluate(Request(), Partner()), MatchFactorNames.Technology).Points);
    }
}
