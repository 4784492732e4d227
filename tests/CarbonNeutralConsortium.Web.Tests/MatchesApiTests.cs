using System.Net;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>GET /api/v1/requests/{id}/matches: the match-results JSON of FORMATS.md for a stored request.</summary>
public sealed class MatchesApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string[] FactorNames =
    [
        MatchFactorNames.Technology, MatchFactorNames.Keywords, MatchFactorNames.Country, MatchFactorNames.PartnerType, MatchFactorNames.CooperationType,
        MatchFactorNames.Trl, MatchFactorNames.Network, MatchFactorNames.TrackRecord,
    ];

    private static string Url(Guid id, string query = "") => $"/api/v1/requests/{id}/matches{query}";

    /// <summary>A request in matching (lead KRICT, contributor ETRI) with <paramref name="count"/> partners of its technology leaf sharing its word.</summary>
    private async Task<(SmeSession Sme, Guid Id, List<Guid> Partners)> RequestWithPartnersAsync(int count, string technology)
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var id = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, technology, word);
        var partners = await WorkbenchData.AddAsync(portal, [.. Enumerable.Range(1, count).Select(i => WorkbenchData.Partner($"Api Partner {i}", technology, word, $"에이피아이 기관 {i}"))]);
        return (sme, id, partners);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static bool HasHangul(string text) => text.Any(c => c is >= '\uAC00' and <= '\uD7A3');

    [Fact]
    public async Task The_lead_coordinator_gets_the_ranking_in_the_match_results_shape_with_korean_reasons()
    {
        var (_, id, partners) = await RequestWithPartnersAsync(3, "CCUS.CAPTURE");
        var lead = await portal.SignInCoordinatorAsync("KRICT");
        var run = await WorkbenchData.RunAsync(portal, id);
        var externalIds = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking()
            .Where(p => partners.Contains(p.Id)).Select(p => p.ExternalId).ToListAsync());

        using var response = await lead.Http.GetAsync(Url(id));
        var json = await JsonAsync(response);

        Assert.Equal(run.EngineVersion, json.GetProperty("engine_version").GetString());
        var result = Assert.Single(json.GetProperty("results").EnumerateArray());
        Assert.Equal(id.ToString(), result.GetProperty("request_id").GetString());
        var matches = result.GetProperty("matches").EnumerateArray().ToList();
        Assert.Equal(Math.Min(20, run.Ranked.Count), matches.Count);
        Assert.Equal(Enumerable.Range(1, matches.Count), matches.Select(m => m.GetProperty("rank").GetInt32()));
        var ids = matches.Select(m => m.GetProperty("partner_id").GetString()).ToList();
        Assert.All(externalIds, e => Assert.Contains(e, ids));
        Assert.Equal(run.Ranked.Take(matches.Count).Select(r => r.ExternalId), ids);
        foreach (var match in matches)
        {
            var score = match.GetProperty("score").GetDouble();
            Assert.InRange(score, 0, 100);
            Assert.False(match.GetProperty("excluded").GetBoolean());
            var factors = match.GetProperty("factors").EnumerateArray().ToList();
            Assert.Equal(FactorNames, factors.Select(f => f.GetProperty("factor").GetString()));
            Assert.All(factors, f => Assert.InRange(f.GetProperty("points").GetDouble(), 0, 100));
            Assert.Equal(score, Math.Round(factors.Sum(f => f.GetProperty("points").GetDouble()), 1), 1);
            Assert.All(factors, f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("reason").GetString())));
        }

        var technology = matches[0].GetProperty("factors")[0].GetProperty("reason").GetString()!;
        Assert.True(HasHangul(technology), technology);
        Assert.Equal(run.Ranked[0].Evaluation.Factors[0].ReasonKo, technology);
        Assert.Equal(run.Ranked[0].Evaluation.Score, matches[0].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Language_en_gives_english_reasons_and_top_limits_the_matches()
    {
        var (_, id, _) = await RequestWithPartnersAsync(4, "CCUS.STORAGE");
        var admin = portal.CreatePortalClient();
        await admin.SignInAsync(await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
        var run = await WorkbenchData.RunAsync(portal, id);

        using var english = await admin.Http.GetAsync(Url(id, "?top=2&language=en"));
        var json = await JsonAsync(english);

        var matches = json.GetProperty("results")[0].GetProperty("matches").EnumerateArray().ToList();
        Assert.Equal(2, matches.Count);
        var reasons = matches.SelectMany(m => m.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("reason").GetString()!)).ToList();
        Assert.All(reasons, r => Assert.False(HasHangul(r), r));
        Assert.Equal(run.Ranked[0].Evaluation.Factors[0].ReasonEn, reasons[0]);
        Assert.Contains("matches exactly", reasons[0], StringComparison.Ordinal);

        using var korean = await admin.Http.GetAsync(Url(id, "?top=1&language=ko"));
        var one = Assert.Single((await JsonAsync(korean)).GetProperty("results")[0].GetProperty("matches").EnumerateArray());
        Assert.True(HasHangul(one.GetProperty("factors")[0].GetProperty("reason").GetString()!));
    }

    [Fact]
    public async Task Coordinators_of_the_request_s_institutes_and_admins_get_200_and_everyone_else_401_403_or_404()
    {
        var (sme, id, _) = await RequestWithPartnersAsync(1, "CCUS.CONVERSION");
        var contributor = await portal.SignInCoordinatorAsync("ETRI");
        var outsider = await portal.SignInCoordinatorAsync("KIMM");
        var admin = portal.CreatePortalClient();
        await admin.SignInAsync(await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
        using var anonymous = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        using var asContributor = await contributor.Http.GetAsync(Url(id));
        using var asAdmin = await admin.Http.GetAsync(Url(id));
        using var asOutsider = await outsider.Http.GetAsync(Url(id));
        using var unknown = await admin.Http.GetAsync(Url(Guid.NewGuid()));
        using var asSme = await sme.Client.Http.GetAsync(Url(id));
        using var asAnonymous = await anonymous.GetAsync(Url(id));

        Assert.Equal(HttpStatusCode.OK, asContributor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asSme.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asAnonymous.StatusCode);
        Assert.Null(asAnonymous.Headers.Location);
        Assert.DoesNotContain(id.ToString(), await asOutsider.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?top=0")]
    [InlineData("?top=101")]
    [InlineData("?top=-5")]
    [InlineData("?top=abc")]
    [InlineData("?language=fr")]
    public async Task A_top_outside_1_to_100_or_an_unknown_language_is_a_400(string query)
    {
        var (_, id, _) = await RequestWithPartnersAsync(1, "DX.MRV");
        var lead = await portal.SignInCoordinatorAsync("KRICT");

        using var response = await lead.Http.GetAsync(Url(id, query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Top_100_and_top_1_are_accepted()
    {
        var (_, id, _) = await RequestWithPartnersAsync(2, "DX.TWIN");
        var lead = await portal.SignInCoordinatorAsync("KRICT");

        using var hundred = await lead.Http.GetAsync(Url(id, "?top=100"));
        using var one = await lead.Http.GetAsync(Url(id, "?top=1"));

        Assert.True((await JsonAsync(hundred)).GetProperty("results")[0].GetProperty("matches").GetArrayLength() >= 2);
        Assert.Equal(1, (await JsonAsync(one)).GetProperty("results")[0].GetProperty("matches").GetArrayLength());
    }
}
