using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>A handler name a page does not have is a 404, never a page rendered without its model (a 500 found by the scan).</summary>
public sealed class UnknownHandlerTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/Account")]
    [InlineData("/Admin/Users")]
    [InlineData("/Programmes/Events/Manage")]
    [InlineData("/Programmes/Plans")]
    public async Task A_post_with_a_valid_token_naming_an_unknown_handler_is_404(string path)
    {
        var admin = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var http = await portal.CreateSignedInClientAsync(admin);
        using var get = await http.GetAsync(path + "?handler=Nope"); // a GET falls back to the page's OnGet
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);

        var page = await PortalClient.ParseAsync(await (await http.GetAsync(path)).Content.ReadAsStringAsync(), new Uri("https://localhost" + path));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = await http.PostAsync(path + "?handler=Nope", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
