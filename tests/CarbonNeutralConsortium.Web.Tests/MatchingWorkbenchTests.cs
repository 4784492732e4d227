using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Requests and partners for the matching pages. Tests of a class share one database: each test keeps to its own
/// technology leaf and its own made-up word, so other tests' partners neither join nor outrank its candidates.
/// </summary>
internal static class WorkbenchData
{
    public static readonly Actor Krict = new(null, "코디 KRICT", ActorSide.Institute, "KRICT");

    public static string Token() => "zq" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// A request of the company (lead KRICT, contributor ETRI) whose matching fields name one technology leaf and one
    /// word (Latin text only), with no partner-type or cooperation restriction and Russia excluded.
    /// </summary>
    public static async Task<Guid> RequestAsync(PortalFactory portal, SmeSession sme, RequestStatus status, string technology, string word)
    {
        var id = await portal.RequestInStateAsync(sme, status);
        List<string> codes = [technology];
        List<string> keywords = [word];
        List<string> none = [];
        await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Title, "Request " + word)
            .SetProperty(r => r.PublicSummary, "Looking for " + word)
            .SetProperty(r => r.ConfidentialDetails, (string?)null)
            .SetProperty(r => r.TechnologyCodes, codes)
            .SetProperty(r => r.Keywords, keywords)
            .SetProperty(r => r.PreferredPartnerTypes, none)
            .SetProperty(r => r.CooperationTypeCode, "joint_research")));
        return id;
    }

    public static OverseasPartnerData Partner(string name, string technology, string? word, string? nameKo = null, string country = "CA") =>
        new("P-" + Guid.NewGuid().ToString("N")[..12], name, nameKo, country, "university", [technology], [], 3, 7, word is null ? [] : [word], null,
            "https://partner.example.org", "partner@example.org", []);

    public static Task<List<Guid>> AddAsync(PortalFactory portal, params OverseasPartnerData[] partners) =>
        portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var entities = partners.Select(p => OverseasPartner.Create(p, "KRICT", TimeProvider.System)).ToList();
            db.OverseasPartners.AddRange(entities);
            await db.SaveChangesAsync();
            return entities.Select(e => e.Id).ToList();
        });

    public static Task<MatchingRun> RunAsync(PortalFactory portal, Guid requestId) =>
        portal.WithServiceAsync(async sp => (await sp.GetRequiredService<MatchingService>().RankAsync(requestId, Krict, default))!);

    public static Task<List<Match>> MatchesAsync(PortalFactory portal, Guid requestId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.AsNoTracking().Where(m => m.RequestId == requestId).ToListAsync());

    /// <summary>Ticks the proposal checkbox of each partner (in the candidates list or the look-up results).</summary>
    public static void Tick(IHtmlDocument page, params Guid[] partners)
    {
        foreach (var partner in partners)
        {
            var box = page.QuerySelector<IHtmlInputElement>($"#pick-{partner:N}") ?? throw new InvalidOperationException($"No checkbox for {partner}.");
            box.IsChecked = true;
        }
    }

    /// <summary>The error shown under a partner's note, or "".</summary>
    public static string NoteError(IHtmlDocument page, Guid partner) => page.QuerySelector($"#pick-{partner:N}-error")?.TextContent.Trim() ?? "";

    public static string NoteName(Guid partner) => $"Input.Notes[{partner}]";
}

public sealed class MatchingWorkbenchTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static string Url(Guid id) => $"/Coordination/Matching/{id}";

    private static readonly string[] FactorNames =
    [
        MatchFactorNames.Technology, MatchFactorNames.Keywords, MatchFactorNames.Country, MatchFactorNames.PartnerType, MatchFactorNames.CooperationType,
        MatchFactorNames.Trl, MatchFactorNames.Network, MatchFactorNames.TrackRecord,
    ];

    [Fact]
    public async Task The_lead_coordinator_sees_the_candidates_ranked_with_scores_factor_rows_and_the_engine_version()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "ENERGY.PV", word);
        var ids = await WorkbenchData.AddAsync(portal,
            WorkbenchData.Partner("Solar Best", "ENERGY.PV", word, "태양광 최고 대학"),
            WorkbenchData.Partner("Solar Plain", "ENERGY.PV", null),
            WorkbenchData.Partner("Wind Word", "ENERGY.WIND", word));
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var run = await WorkbenchData.RunAsync(portal, id);

        var page = await lead.GetPageAsync(Url(id));

        var candidates = page.QuerySelectorAll("#candidates li.candidate").ToList();
        Assert.Equal(run.Ranked.Count, candidates.Count);
        Assert.Equal(ids[0].ToString(), candidates[0].GetAttribute("data-partner-id"));
        Assert.Equal(Enumerable.Range(1, candidates.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            candidates.Select(c => c.GetAttribute("data-rank")));
        Assert.All(ids, p => Assert.Contains(candidates, c => c.GetAttribute("data-partner-id") == p.ToString()));
        var best = candidates[0];
        Assert.Contains("태양광 최고 대학", best.QuerySelector("h3")!.TextContent, StringComparison.Ordinal);
        var score = run.Ranked[0].Evaluation.Score.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(score, best.QuerySelector("[data-testid=candidate-score]")!.TextContent, StringComparison.Ordinal);
        Assert.All(candidates, c => Assert.Equal(FactorNames, c.QuerySelectorAll("tr[data-factor]").Select(r => r.GetAttribute("data-factor"))));
        var technology = best.QuerySelector("tr[data-factor=technology]")!;
        Assert.Equal("기술 적합도", technology.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal(run.Ranked[0].Evaluation.Factors[0].ReasonKo, technology.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Contains("정확히 일치", technology.TextContent, StringComparison.Ordinal);
        Assert.Contains(run.EngineVersion, page.QuerySelector("[data-testid=engine-version]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#propose-form [data-testid=propose]"));

        var english = await lead.GetPageAsync(Url(id) + "?culture=en");
        Assert.Contains("matches exactly", english.QuerySelector("#candidates li.candidate tr[data-factor=technology]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Solar Best", english.QuerySelector("#candidates li.candidate h3")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Candidates_are_paged_twenty_to_a_page_with_their_overall_ranks()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "MOB.FCEV", word);
        await WorkbenchData.AddAsync(portal, [.. Enumerable.Range(1, 26).Select(i => WorkbenchData.Partner($"Fuel Cell Lab {i}", "MOB.FCEV", word))]);
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var run = await WorkbenchData.RunAsync(portal, id);
        Assert.True(run.Ranked.Count >= 26);

        var first = await lead.GetPageAsync(Url(id));
        var nextHref = first.QuerySelectorAll(".pagination a.page-link").Single(a => a.TextContent.Trim() == "2").GetAttribute("href")!;
        var second = await lead.GetPageAsync(nextHref);
        var beyond = await lead.GetPageAsync(Url(id) + "?p=999");

        static List<int> Ranks(IHtmlDocument page) => [.. page.QuerySelectorAll("#candidates li.candidate").Select(c => int.Parse(c.GetAttribute("data-rank")!, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(Enumerable.Range(1, 20), Ranks(first));
        Assert.Equal(Enumerable.Range(21, Math.Min(20, run.Ranked.Count - 20)), Ranks(second));
        Assert.Equal(run.Ranked.Skip(20).Take(20).Select(r => r.PartnerId.ToString()), second.QuerySelectorAll("#candidates li.candidate").Select(c => c.GetAttribute("data-partner-id")));
        Assert.Equal("page", second.QuerySelector(".pagination a[aria-current]")?.GetAttribute("aria-current"));
        Assert.Equal(Ranks(await lead.GetPageAsync(Url(id) + "?p=" + ((run.Ranked.Count + 19) / 20).ToString(System.Globalization.CultureInfo.InvariantCulture))), Ranks(beyond));
    }

    [Fact]
    public async Task Looking_up_by_korean_or_english_name_shows_where_the_partner_stands_and_why()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var name = "Lookup" + WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "PROC.STEEL", word);
        var ids = await WorkbenchData.AddAsync(portal,
            WorkbenchData.Partner(name + " Steel", "PROC.STEEL", word, "해오름제철연구원"),
            WorkbenchData.Partner(name + " Banned", "PROC.STEEL", word, country: "RU"),
            WorkbenchData.Partner(name + " Sensors", "SEMI.SENSOR", null));
        var (ranked, excluded, notRetrieved) = (ids[0], ids[1], ids[2]);
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var run = await WorkbenchData.RunAsync(portal, id);
        var rank = run.Ranked.Single(r => r.PartnerId == ranked).Rank;

        var korean = await lead.GetPageAsync(Url(id) + "?lookup=" + Uri.EscapeDataString("해오름제철"));
        var english = await lead.GetPageAsync(Url(id) + "?lookup=" + Uri.EscapeDataString(name.ToLowerInvariant()));
        var none = await lead.GetPageAsync(Url(id) + "?lookup=" + Uri.EscapeDataString("없는기관" + word));
        var control = await lead.GetPageAsync(Url(id) + "?lookup=" + Uri.EscapeDataString("bell\u0007"));

        var found = Assert.Single(korean.QuerySelectorAll("[data-testid=lookup-results] [data-standing]"));
        Assert.Equal((ranked.ToString(), "Ranked"), (found.GetAttribute("data-partner-id"), found.GetAttribute("data-standing")));
        Assert.Contains($"후보 {run.Ranked.Count}곳 중 {rank}위", found.TextContent, StringComparison.Ordinal);
        Assert.Equal(8, found.QuerySelectorAll("tr[data-factor]").Length);

        var results = english.QuerySelectorAll("[data-testid=lookup-results] [data-standing]").ToDictionary(e => e.GetAttribute("data-partner-id")!, e => e);
        Assert.Equal(3, results.Count);
        Assert.Equal("Ranked", results[ranked.ToString()].GetAttribute("data-standing"));
        var banned = results[excluded.ToString()];
        Assert.Equal("Excluded", banned.GetAttribute("data-standing"));
        Assert.Contains("요청에서 제외한 국가입니다", banned.TextContent, StringComparison.Ordinal);
        Assert.Contains("러시아", banned.TextContent, StringComparison.Ordinal);
        Assert.Null(banned.QuerySelector("input[type=checkbox]"));
        var sensors = results[notRetrieved.ToString()];
        Assert.Equal("NotRetrieved", sensors.GetAttribute("data-standing"));
        Assert.Contains("검색 후보에 들지 않았습니다", sensors.TextContent, StringComparison.Ordinal);
        Assert.Contains("기술 분야 불일치", sensors.QuerySelector("tr[data-factor=technology]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(sensors.QuerySelector($"#pick-{notRetrieved:N}"));

        Assert.Contains("일치하는 기관이 없습니다", none.QuerySelector("[data-testid=lookup-results]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("쓸 수 없는 문자", control.QuerySelector("#lookup-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(control.QuerySelector("[data-testid=lookup-results]"));
    }

    [Fact]
    public async Task Proposing_two_partners_through_the_form_freezes_their_explanations_and_the_company_sees_them()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "CIRC.PLASTICS", word);
        await WorkbenchData.AddAsync(portal,
            WorkbenchData.Partner("Plastics One", "CIRC.PLASTICS", word, "플라스틱 일 대학"),
            WorkbenchData.Partner("Plastics Two", "CIRC.PLASTICS", word, "플라스틱 이 대학"),
            WorkbenchData.Partner("Plastics Three", "CIRC.PLASTICS", null));
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var run = await WorkbenchData.RunAsync(portal, id);
        var top = run.Ranked.Take(2).ToList();
        var page = await lead.GetPageAsync(Url(id));
        WorkbenchData.Tick(page, top[0].PartnerId, top[1].PartnerId);

        using var response = await lead.SubmitAsync(page, "#propose-form", new Dictionary<string, string?>
        {
            [WorkbenchData.NoteName(top[1].PartnerId)] = "재활용 공정 파일럿 경험이 있습니다.",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/Coordination/Request/{id}", response.RequestMessage!.RequestUri!.AbsolutePath);
        var matches = await WorkbenchData.MatchesAsync(portal, id);
        Assert.Equal(2, matches.Count);
        foreach (var candidate in top)
        {
            var match = matches.Single(m => m.PartnerId == candidate.PartnerId);
            Assert.Equal((candidate.Evaluation.Score, candidate.Rank, run.EngineVersion), (match.Score, match.Rank!.Value, match.EngineVersion));
            Assert.Equal(candidate.Evaluation.Factors.ToList(), match.Factors);
        }

        Assert.Equal("재활용 공정 파일럿 경험이 있습니다.", matches.Single(m => m.PartnerId == top[1].PartnerId).ProposalNote);
        Assert.Equal(RequestStatus.PartnersProposed, (await portal.LoadRequestAsync(id)).Status);

        var details = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        var articles = details.QuerySelectorAll("#partners article").ToList();
        Assert.Equal(2, articles.Count);
        foreach (var candidate in top)
        {
            var article = Assert.Single(articles, a => a.QuerySelector("h3")!.TextContent == candidate.Evaluation.Partner.NameKo);
            var reasons = article.QuerySelectorAll(".match-factors li").Select(li => li.TextContent).ToList();
            Assert.Equal(8, reasons.Count);
            Assert.All(candidate.Evaluation.Factors, f => Assert.Contains(reasons, r => r.StartsWith(f.ReasonKo, StringComparison.Ordinal)));
        }

        Assert.Contains("재활용 공정 파일럿 경험이 있습니다.", details.QuerySelector("#partners")!.TextContent, StringComparison.Ordinal);

        // On the workbench they are now marked as proposed and cannot be picked again.
        var after = await lead.GetPageAsync(Url(id));
        Assert.Null(after.QuerySelector($"#pick-{top[0].PartnerId:N}"));
    }

    [Fact]
    public async Task A_low_ranked_or_unranked_partner_without_a_note_gets_the_error_next_to_its_note_and_nothing_is_saved()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var name = "Faraway" + WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "H2.STORAGE", word);
        await WorkbenchData.AddAsync(portal, [.. Enumerable.Range(1, 11).Select(i => WorkbenchData.Partner($"Hydrogen Tank {i}", "H2.STORAGE", word))]);
        var weak = (await WorkbenchData.AddAsync(portal, WorkbenchData.Partner("Hydrogen Weak", "H2.STORAGE", null, country: "JP")))[0];
        var faraway = (await WorkbenchData.AddAsync(portal, WorkbenchData.Partner(name, "SEMI.SENSOR", null)))[0];
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var run = await WorkbenchData.RunAsync(portal, id);
        Assert.True(run.Ranked.Single(r => r.PartnerId == weak).Rank > MatchingService.LowRankThreshold);
        Assert.DoesNotContain(run.Ranked, r => r.PartnerId == faraway);
        var page = await lead.GetPageAsync(Url(id) + "?lookup=" + Uri.EscapeDataString(name));
        WorkbenchData.Tick(page, weak, faraway);

        var refused = await lead.SubmitForPageAsync(page, "#propose-form", new Dictionary<string, string?>());

        const string expected = "하위 순위이거나 순위에 없는 기관입니다. 제안 사유를 적어 주세요.";
        Assert.Equal(expected, WorkbenchData.NoteError(refused, weak));
        Assert.Equal(expected, WorkbenchData.NoteError(refused, faraway));
        Assert.Equal($"pick-{weak:N}-error", refused.QuerySelector($"#pick-{weak:N}-note")!.GetAttribute("aria-describedby"));
        Assert.True(refused.QuerySelector<IHtmlInputElement>($"#pick-{weak:N}")!.IsChecked);
        Assert.Empty(await WorkbenchData.MatchesAsync(portal, id));
        Assert.Equal(RequestStatus.Matching, (await portal.LoadRequestAsync(id)).Status);

        using var saved = await lead.SubmitAsync(refused, "#propose-form", new Dictionary<string, string?>
        {
            [WorkbenchData.NoteName(weak)] = "일본 파트너를 특별히 원합니다.",
            [WorkbenchData.NoteName(faraway)] = "센서 기술로 저장 설비 감시에 도움이 됩니다.",
        });

        Assert.Equal($"/Coordination/Request/{id}", saved.RequestMessage!.RequestUri!.AbsolutePath);
        var matches = await WorkbenchData.MatchesAsync(portal, id);
        Assert.Equal("일본 파트너를 특별히 원합니다.", matches.Single(m => m.PartnerId == weak).ProposalNote);
        Assert.Null(matches.Single(m => m.PartnerId == faraway).Rank);
    }

    [Fact]
    public async Task Proposing_nothing_shows_the_selection_error()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "EFF.EMS", word);
        await WorkbenchData.AddAsync(portal, WorkbenchData.Partner("Energy Management Lab", "EFF.EMS", word));
        var lead = await portal.SignInCoordinatorAsync("KRICT");

        var refused = await lead.SubmitForPageAsync(await lead.GetPageAsync(Url(id)), "#propose-form", new Dictionary<string, string?>());

        Assert.Equal("제안할 기관을 1~5곳 선택해 주세요.", PortalClient.FieldError(refused, "Input.Selected"));
        Assert.Empty(await WorkbenchData.MatchesAsync(portal, id));
    }

    [Theory]
    [InlineData("too-long", "2000자 이하")]
    [InlineData("깨진\uD800문자", "쓸 수 없는 문자")]
    [InlineData("벨\u0007소리", "쓸 수 없는 문자")]
    [InlineData("이스케이프\u001B[31m", "쓸 수 없는 문자")]
    public async Task Bad_text_in_a_note_is_shown_next_to_it_and_nothing_is_saved(string note, string expected)
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "EFF.MOTOR", word);
        var partner = (await WorkbenchData.AddAsync(portal, WorkbenchData.Partner("Motor Lab", "EFF.MOTOR", word)))[0];
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var page = await lead.GetPageAsync(Url(id));
        WorkbenchData.Tick(page, partner);

        var refused = await lead.SubmitForPageAsync(page, "#propose-form", new Dictionary<string, string?>
        {
            [WorkbenchData.NoteName(partner)] = note == "too-long" ? new string('가', Match.CommentMaxLength + 1) : note,
        });

        Assert.Contains(expected, WorkbenchData.NoteError(refused, partner), StringComparison.Ordinal);
        Assert.Contains("제안 메모", WorkbenchData.NoteError(refused, partner), StringComparison.Ordinal);
        Assert.Empty(await WorkbenchData.MatchesAsync(portal, id));
        Assert.Equal(RequestStatus.Matching, (await portal.LoadRequestAsync(id)).Status);
    }

    [Fact]
    public async Task A_null_character_in_a_note_is_a_localized_400_and_nothing_is_saved()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "EFF.MACHINERY", word);
        var partner = (await WorkbenchData.AddAsync(portal, WorkbenchData.Partner("Machinery Lab", "EFF.MACHINERY", word)))[0];
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var page = await lead.GetPageAsync(Url(id));
        WorkbenchData.Tick(page, partner);

        var refused = await lead.SubmitForPageAsync(page, "#propose-form", new Dictionary<string, string?> { [WorkbenchData.NoteName(partner)] = "널\u0000문자" },
            HttpStatusCode.BadRequest);

        Assert.Equal("잘못된 요청입니다", refused.QuerySelector("h1")!.TextContent.Trim());
        Assert.Empty(await WorkbenchData.MatchesAsync(portal, id));
    }

    [Fact]
    public async Task Another_institute_s_coordinator_gets_404_and_a_company_member_403_on_the_workbench()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "ENERGY.GRID", word);
        var partner = (await WorkbenchData.AddAsync(portal, WorkbenchData.Partner("Grid Lab", "ENERGY.GRID", word)))[0];
        var outsider = await portal.SignInCoordinatorAsync("KIMM");
        var contributor = await portal.SignInCoordinatorAsync("ETRI");
        var fields = new Dictionary<string, string> { ["Input.Selected"] = partner.ToString(), ["Input.Version"] = "0" };
        var post = $"{Url(id)}?handler=Propose";

        await outsider.GetPageAsync(Url(id), HttpStatusCode.NotFound);
        await outsider.GetPageAsync(Url(id) + "?lookup=Grid", HttpStatusCode.NotFound);
        using var outsiderPost = await outsider.PostAsync(await outsider.GetPageAsync("/Coordination"), post, fields);
        await sme.Client.GetPageAsync(Url(id), HttpStatusCode.Forbidden);
        using var smePost = await sme.Client.PostAsync(await sme.Client.GetPageAsync($"/Requests/Details/{id}"), post, fields);
        await outsider.GetPageAsync(Url(Guid.NewGuid()), HttpStatusCode.NotFound);
        var contributorPage = await contributor.GetPageAsync(Url(id));

        Assert.Equal(HttpStatusCode.NotFound, outsiderPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, smePost.StatusCode);
        Assert.NotNull(contributorPage.QuerySelector($"#candidates li[data-partner-id='{partner}']"));
        Assert.Empty(await WorkbenchData.MatchesAsync(portal, id));
    }
}
