using System.Collections.Frozen;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Data.Seed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// The engine's vocabulary and the partner CSV's code book from the embedded reference data (the project's copy of
/// reference-data.json and the ISO country list): what <c>cnc match</c> uses without a database.
/// </summary>
public sealed class MatchingVocabularies
{
    private static readonly Lazy<MatchingVocabularies> Reference = new(Build);

    private MatchingVocabularies(MatchingVocabulary vocabulary, PartnerCodeBook codeBook, IReadOnlyDictionary<string, string> sectorLeads)
    {
        Vocabulary = vocabulary;
        CodeBook = codeBook;
        SectorLeads = sectorLeads;
    }

    public MatchingVocabulary Vocabulary { get; }

    public PartnerCodeBook CodeBook { get; }

    /// <summary>Sector code → code of its lead institute (a batch request's lead institute, for the network factor).</summary>
    public IReadOnlyDictionary<string, string> SectorLeads { get; }

    /// <summary>Built once from the embedded reference data (immutable, shared).</summary>
    public static MatchingVocabularies FromReferenceData() => Reference.Value;

    private static MatchingVocabularies Build()
    {
        var data = ReferenceDataFile.Load();
        var technologies = data.TechnologyTaxonomy.ToFrozenDictionary(t => t.Code, t => new TechnologyTerm(t.Code, t.Parent, t.NameKo, t.NameEn), StringComparer.Ordinal);
        var vocabulary = new MatchingVocabulary(
            technologies,
            data.Countries.ToFrozenDictionary(c => c.Alpha2, c => (c.NameKo, c.NameEn), StringComparer.Ordinal),
            data.PartnerTypes.ToFrozenDictionary(p => p.Code, p => (p.NameKo, p.NameEn), StringComparer.Ordinal),
            data.CooperationTypes.ToFrozenDictionary(c => c.Code, c => (c.NameKo, c.NameEn), StringComparer.Ordinal),
            data.Organizations.ToFrozenDictionary(o => o.Code, o => (o.NameKo, o.NameEn), StringComparer.Ordinal));
        var leaves = data.TechnologyTaxonomy.Where(t => t.Parent is not null).Select(t => t.Code);
        var codeBook = new PartnerCodeBook(
            data.Countries.Select(c => c.Alpha2).ToFrozenSet(StringComparer.Ordinal),
            data.PartnerTypes.Select(p => p.Code).ToFrozenSet(StringComparer.Ordinal),
            leaves.ToFrozenSet(StringComparer.Ordinal),
            data.CooperationTypes.Select(c => c.Code).ToFrozenSet(StringComparer.Ordinal),
            data.Organizations.Where(o => o.Kind == "institute").Select(o => o.Code).ToFrozenSet(StringComparer.Ordinal));
        var leads = data.Sectors.ToFrozenDictionary(s => s.Code, s => s.Lead, StringComparer.Ordinal);
        return new MatchingVocabularies(vocabulary, codeBook, leads);
    }
}

public static class MatchingServiceCollectionExtensions
{
    public const string WeightsSection = "Matching:Weights";

    /// <summary>
    /// The weights of configuration section Matching:Weights (defaults: <see cref="MatchingWeights"/>), checked at start
    /// (non-negative, sum 100), and one <see cref="MatchingEngine"/> with the reference vocabulary.
    /// </summary>
    public static IServiceCollection AddMatching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MatchingWeights>()
            .Bind(configuration.GetSection(WeightsSection))
            .Validate(w => w.IsValid(), "Matching:Weights must be finite non-negative numbers that sum to 100 (Technology, Keywords, Country, PartnerType, CooperationType, Trl, Network, TrackRecord).")
            .ValidateOnStart();
        services.AddSingleton(_ => MatchingVocabularies.FromReferenceData());
        services.AddSingleton(sp => new MatchingEngine(sp.GetRequiredService<MatchingVocabularies>().Vocabulary, sp.GetRequiredService<IOptions<MatchingWeights>>().Value));
        services.AddSingleton<BatchMatching>();
        services.AddSingleton<PartnerProfileIndex>();
        services.AddSingleton<PartnerProfileChangeInterceptor>();
        return services;
    }
}
