using System.Text.RegularExpressions;
using System.Xml.Linq;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>English complete: every text key the web project uses exists in Korean and in English, with a value.</summary>
public sealed partial class LocalizationResourceTests
{
    private static readonly string Root = FindRepositoryRoot();

    private static readonly Dictionary<string, string> Korean = Load("src/CarbonNeutralConsortium.Web/Localization/SharedResource.resx");
    private static readonly Dictionary<string, string> English = Load("src/CarbonNeutralConsortium.Web/Localization/SharedResource.en.resx");

    [Fact]
    public void Korean_and_English_resources_have_the_same_keys_and_no_empty_text()
    {
        Assert.Equal(Korean.Keys.Order(StringComparer.Ordinal), English.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Korean.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
        Assert.Empty(English.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void English_texts_are_English_and_Korean_texts_are_Korean()
    {
        Assert.Empty(English.Where(kv => HangulPattern().IsMatch(kv.Value) && kv.Key != "Footer.About").Select(kv => kv.Key));
        Assert.Empty(Korean.Where(kv => !HangulPattern().IsMatch(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void E_mail_texts_exist_in_both_languages()
    {
        var ko = Load("src/CarbonNeutralConsortium.Services/Email/EmailText.resx");
        var en = Load("src/CarbonNeutralConsortium.Services/Email/EmailText.en.resx");
        Assert.Equal(ko.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(en.Where(kv => HangulPattern().IsMatch(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void Every_key_the_web_pages_and_services_use_has_a_text()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src/CarbonNeutralConsortium.Web"), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            used.UnionWith(LocalizerKeyPattern().Matches(text).Select(m => m.Groups["key"].Value));
            used.UnionWith(DisplayNamePattern().Matches(text).Select(m => m.Groups["key"].Value));
            used.UnionWith(StatusPattern().Matches(text).Select(m => m.Groups["key"].Value));
        }

        // Error codes the services return (FieldError codes).
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src/CarbonNeutralConsortium.Services"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal)))
        {
            used.UnionWith(ServiceCodePattern().Matches(File.ReadAllText(file)).Select(m => m.Groups["key"].Value));
        }

        // Keys built at run time.
        used.UnionWith(PortalRoles.All.Select(r => "Role." + r));
        used.UnionWith(Enum.GetNames<CompanySize>().Select(s => "CompanySize." + s));
        used.UnionWith(Enum.GetValues<BusinessRegistrationNumberError>().Where(e => e != BusinessRegistrationNumberError.None).Select(e => "Company.BusinessRegistrationNumber." + e));
        used.UnionWith(new[] { "Exchange", "Matching", "JointRnd", "Standards", "Policy" }.SelectMany(f => new[] { $"Home.Function.{f}.Title", $"Home.Function.{f}.Text" }));
        used.UnionWith(new[] { 400, 403, 404, 429, 500 }.SelectMany(c => new[] { $"Error.{c}.Title", $"Error.{c}.Text" }));
        used.UnionWith(typeof(Localization.V).GetFields().Select(f => (string)f.GetRawConstantValue()!));

        Assert.True(used.Count > 100, $"Only {used.Count} keys found: the scan is broken.");
        Assert.Empty(used.Where(k => !Korean.ContainsKey(k)).Order(StringComparer.Ordinal));
        Assert.Empty(used.Where(k => !English.ContainsKey(k)).Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, string> Load(string relative) =>
        XDocument.Load(Path.Combine(Root, relative)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "", StringComparer.Ordinal);

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CarbonNeutralConsortium.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex("""(?:\bL|localizer)\["(?<key>[A-Za-z0-9_.]+)"[\],]""")]
    private static partial Regex LocalizerKeyPattern();

    [GeneratedRegex("""Display\(Name = "(?<key>[A-Za-z0-9_.]+)"\)""")]
    private static partial Regex DisplayNamePattern();

    [GeneratedRegex("""TempData\["Status"\] = "(?<key>[A-Za-z0-9_.]+)";""")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"(?:FieldError|Fail)\([^;]*?""(?<key>(?:Account|Company|Identity|Staff)\.[A-Za-z0-9_.]*[A-Za-z0-9_])""")]
    private static partial Regex ServiceCodePattern();

    [GeneratedRegex(@"\p{IsHangulSyllables}")]
    private static partial Regex HangulPattern();
}
