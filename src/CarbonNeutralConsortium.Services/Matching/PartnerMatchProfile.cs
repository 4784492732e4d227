namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>
/// A narrow copy of what retrieval weighs of an active overseas partner, one row per technology leaf of the partner,
/// so that the candidates with a request's exact leaf are ordered by an index-only scan of one covering index instead
/// of reading every wide <c>overseas_partners</c> row of a popular leaf (10,000+ rows of ~1 KB at national scale).
/// <para>
/// The application never writes it: triggers keep it (see the Scale migration): statement-level triggers on
/// <c>overseas_partners</c> (INSERT, UPDATE, DELETE, TRUNCATE; COPY fires them too) rewrite a partner's rows when a
/// field retrieval weighs changes (inactive partners have none), and statement-level triggers on <c>matches</c> add the
/// change of each partner's accepted matches and agreements (the track record factor).
/// </para>
/// </summary>
public sealed class PartnerMatchProfile
{
    private PartnerMatchProfile() { }

    /// <summary>One technology code of the partner (a leaf of the taxonomy).</summary>
    public string TechnologyCode { get; private set; } = "";

    public Guid PartnerId { get; private set; }

    public string CountryCode { get; private set; } = "";

    public string PartnerTypeCode { get; private set; } = "";

    public List<string> CooperationTypes { get; private set; } = [];

    public short? TrlMin { get; private set; }

    public short? TrlMax { get; private set; }

    public List<string> LinkedInstitutes { get; private set; } = [];

    /// <summary>All the partner's technology codes (the partial credit of a request naming several).</summary>
    public List<string> TechnologyCodes { get; private set; } = [];

    /// <summary>PostgreSQL's <c>hashtext</c> of each of the partner's search terms, sorted (a compact "shares a word" test).</summary>
    public List<int> TermHashes { get; private set; } = [];

    /// <summary>The partner's matches the companies accepted (any status but proposed or declined by the company).</summary>
    public int AcceptedMatches { get; private set; }

    /// <summary>The partner's matches that reached an agreement.</summary>
    public int Agreements { get; private set; }
}
