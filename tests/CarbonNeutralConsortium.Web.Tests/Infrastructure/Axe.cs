using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

public static class Axe
{
    /// <summary>Saves a full-page screenshot (to look at) and fails on any serious or critical axe-core violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }
}
