using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// Every keyword the generated data uses (the words of each technology leaf's names in Korean and English, and
/// generic words), by index: requests and partners store indices, so shared keywords are shared indices.
/// </summary>
internal sealed class KeywordPool
{
    public KeywordPool(GenerationReference reference)
    {
        var words = new List<string>();
        var index = new Dictionary<string, ushort>(StringComparer.Ordinal);

        ushort Add(string word)
        {
            if (!index.TryGetValue(word, out var i))
            {
                i = (ushort)words.Count;
                index[word] = i;
                words.Add(word);
            }

            return i;
        }

        LeafKo = [.. reference.Leaves.Select(l => KoreanParts(l.NameKo).Select(Add).ToArray())];
        LeafEn = [.. reference.Leaves.Select(l => EnglishParts(l.NameEn).Select(Add).ToArray())];
        GenericKo = [.. GenerationText.GenericKo.Select(Add)];
        GenericEn = [.. GenerationText.GenericEn.Select(Add)];
        Words = [.. words];
        Utf8 = [.. words.Select(GenerationReference.Utf8)];

        // The single words of each keyword (the engine's keyword reason names words, not phrases).
        var single = new List<string>();
        var singleIndex = new Dictionary<string, ushort>(StringComparer.Ordinal);
        WordsOf = [.. words.Select(keyword => keyword.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
        {
            if (!singleIndex.TryGetValue(word, out var i))
            {
                i = (ushort)single.Count;
                singleIndex[word] = i;
                single.Add(word);
            }

            return i;
        }).ToArray())];
        WordJson = [.. single.Select(MatchFactors.Escape)];
    }

    /// <summary>Keyword → its words (indices into <see cref="WordJson"/>).</summary>
    public ushort[][] WordsOf { get; }

    /// <summary>Single words, as the inside of a JSON string.</summary>
    public byte[][] WordJson { get; }

    public string[] Words { get; }

    public byte[][] Utf8 { get; }

    /// <summary>Leaf → keywords from its Korean name (메탄 활용·전환 → 메탄 활용, 전환).</summary>
    public ushort[][] LeafKo { get; }

    public ushort[][] LeafEn { get; }

    public ushort[] GenericKo { get; }

    public ushort[] GenericEn { get; }

    private static List<string> KoreanParts(string name)
    {
        var parts = name.Split(['·', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length >= 2).ToList();
        return parts.Count == 0 ? [name] : parts;
    }

    private static List<string> EnglishParts(string name)
    {
        var text = name.Replace("(", ",", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal).Replace(" and ", ",", StringComparison.Ordinal);
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Length > 1 && char.IsUpper(p[0]) && char.IsLower(p[1]) ? char.ToLowerInvariant(p[0]) + p[1..] : p)
            .Where(p => p.Length >= 2 && p.Length <= PartnershipRequest.KeywordMaxLength).ToList();
        return parts.Count == 0 ? [name.ToLowerInvariant()] : parts;
    }
}

/// <summary>A company and what hangs off it: its SME user and its contact persons.</summary>
internal struct CompanyFacts
{
    public Uid Id;
    public Uid UserId;
    public Uid Contact1;
    public Uid Contact2;
    public long RegisteredAt;
    public long Contact1At;
    public long Contact2At;
    public long ProfileUpdatedAt;
    public int BrnBody;
    public int Employees;
    public short FoundedYear;
    public byte Sector;
    public byte Region;
    public byte Size;
    public byte NameKind;
    public byte Stem;
    public byte Industry;
    public byte Form;
    public byte Surname;
    public byte GivenName;
    public byte Department;
    public byte Position;
    public byte Contact2Surname;
    public byte Contact2Given;
    public bool HasContact2;
    public bool Contact1Transfer;
    public bool Contact2Transfer;
    public bool English;
    public bool HasProfile;
    public bool HasDescription;
    public bool HasWebsite;
    public byte TechCount;
    public byte Tech0;
    public byte Tech1;
    public byte Tech2;
    public int FirstRequest;
}

/// <summary>An overseas partner as the generator (and the match factors) see it.</summary>
internal struct PartnerFacts
{
    public Uid Id;
    public long CreatedAt;
    public long UpdatedAt;
    public byte Country;
    public byte Type;
    public byte LeafCount;
    public byte Leaf0;
    public byte Leaf1;
    public byte Leaf2;
    public int AreaMask;
    public byte CooperationMask;
    public byte TrlMin;
    public byte TrlMax;
    public byte LinkedMask;
    public bool Active;
    public byte Owner;
    public byte City;
    public byte Pattern;
    public byte Brand;
    public byte Suffix;
    public byte Person;
    public bool HasKoreanName;
    public bool HasContactEmail;
    public byte Generic1;
    public byte Generic2;
    public byte GenericKo;
    public short AcceptedMatches;
    public short Agreements;
    public byte KeywordCount;
    public ushort K0, K1, K2, K3, K4, K5, K6, K7;

    public readonly byte Leaf(int i) => i switch { 0 => Leaf0, 1 => Leaf1, _ => Leaf2 };

    public readonly bool HasLeaf(int leaf) => (LeafCount > 0 && Leaf0 == leaf) || (LeafCount > 1 && Leaf1 == leaf) || (LeafCount > 2 && Leaf2 == leaf);

    public readonly bool HasLeafInArea(int area) => (AreaMask & (1 << area)) != 0;

    public readonly ushort Keyword(int i) => i switch { 0 => K0, 1 => K1, 2 => K2, 3 => K3, 4 => K4, 5 => K5, 6 => K6, _ => K7 };

    public readonly bool HasKeyword(ushort keyword)
    {
        for (var i = 0; i < KeywordCount; i++)
        {
            if (Keyword(i) == keyword)
            {
                return true;
            }
        }

        return false;
    }

    public void AddKeyword(ushort keyword)
    {
        if (KeywordCount >= 8 || HasKeyword(keyword))
        {
            return;
        }

        switch (KeywordCount++)
        {
            case 0: K0 = keyword; break;
            case 1: K1 = keyword; break;
            case 2: K2 = keyword; break;
            case 3: K3 = keyword; break;
            case 4: K4 = keyword; break;
            case 5: K5 = keyword; break;
            case 6: K6 = keyword; break;
            default: K7 = keyword; break;
        }
    }
}

/// <summary>A partnership request: its content, routing, and the timestamps its history ends with.</summary>
internal struct RequestFacts
{
    public const byte None = 255;

    public Uid Id;
    public Uid ClientKey;
    public int Company;
    public long CreatedAt;
    public long UpdatedAt;
    public long LastActivityAt;
    public long StatusChangedAt;
    public long FirstSubmittedAt;
    public long SubmittedAt;
    public long ClosedAt;
    public long WarningAt;
    public int ReferenceSequence;
    public int EventStart;
    public int EventCount;
    public RequestStatus Status;
    public byte Outcome;
    public byte CompletedStep;
    public bool English;
    public byte Sector;
    public byte Lead;
    public byte SuggestedMask;
    public byte AddedMask;
    public byte LeafCount;
    public byte Leaf0, Leaf1, Leaf2;
    public byte KeywordCount;
    public ushort K0, K1, K2, K3, K4;
    public byte Cooperation;
    public byte TrlCurrent;
    public byte TrlTarget;
    public byte PreferredCount;
    public byte P0, P1, P2;
    public byte Excluded;
    public byte TypeMask;
    public int DesiredStart;
    public int Deadline;
    public short DurationMonths;
    public long BudgetMin;
    public long BudgetMax;
    public byte Details1;
    public byte Details2;
    public byte TitleTemplate;
    public byte SummaryTemplate;
    public byte CooperationSentence;
    public byte Generic1;
    public byte Generic2;
    public bool TrlSentence;
    public bool FocusSentence;
    public bool HasContact;
    public bool ShareAbroad;

    public readonly bool IsConvergence => (SuggestedMask | AddedMask) != 0;

    public readonly byte Leaf(int i) => i switch { 0 => Leaf0, 1 => Leaf1, _ => Leaf2 };

    public readonly ushort Keyword(int i) => i switch { 0 => K0, 1 => K1, 2 => K2, 3 => K3, _ => K4 };

    public readonly byte Preferred(int i) => i switch { 0 => P0, 1 => P1, _ => P2 };

    public readonly bool Prefers(int country) => (PreferredCount > 0 && P0 == country) || (PreferredCount > 1 && P1 == country) || (PreferredCount > 2 && P2 == country);

    public readonly bool HasLeaf(int leaf) => (LeafCount > 0 && Leaf0 == leaf) || (LeafCount > 1 && Leaf1 == leaf) || (LeafCount > 2 && Leaf2 == leaf);

    public void AddLeaf(byte leaf)
    {
        if (LeafCount >= 3 || HasLeaf(leaf))
        {
            return;
        }

        switch (LeafCount++)
        {
            case 0: Leaf0 = leaf; break;
            case 1: Leaf1 = leaf; break;
            default: Leaf2 = leaf; break;
        }
    }

    public void AddKeyword(ushort keyword)
    {
        if (KeywordCount >= 5)
        {
            return;
        }

        for (var i = 0; i < KeywordCount; i++)
        {
            if (Keyword(i) == keyword)
            {
                return;
            }
        }

        switch (KeywordCount++)
        {
            case 0: K0 = keyword; break;
            case 1: K1 = keyword; break;
            case 2: K2 = keyword; break;
            case 3: K3 = keyword; break;
            default: K4 = keyword; break;
        }
    }

    public void AddPreferred(byte country)
    {
        if (PreferredCount >= 3 || Prefers(country))
        {
            return;
        }

        switch (PreferredCount++)
        {
            case 0: P0 = country; break;
            case 1: P1 = country; break;
            default: P2 = country; break;
        }
    }
}

/// <summary>Who acted in a history row.</summary>
internal enum ActorKind : byte
{
    Company,
    Institute,
    System,
}

/// <summary>One row of a request's history: a status change, or an assignment (from = to) with its event.</summary>
internal struct RequestEventFacts
{
    public long At;
    public RequestStatus? From;
    public RequestStatus To;
    public ActorKind Actor;
    public byte Organization;
    public RequestEvent? Event;
    public byte Detail1;
    public byte Detail2;

    /// <summary>A note of <see cref="NotePool"/> (≥ 0), a system note (<see cref="NotePool.Routing"/>...), or none (-1).</summary>
    public short Note;
}

/// <summary>
/// A match and its lifecycle, as instants (0 = did not happen): proposed, answered by the company, partner contacted,
/// partner answered, meeting recorded, outcome. The status is the last of them.
/// </summary>
internal struct MatchFacts
{
    public Uid Id;
    public int Request;
    public int Partner;
    public int Round;
    public MatchStatus Status;
    public double Score;
    public short Rank;
    public long ProposedAt;
    public long RespondedAt;
    public long ContactedAt;
    public long PartnerRespondedAt;
    public long MeetingRecordedAt;
    public long OutcomeAt;
    public int MeetingDay;
    public bool SmeDeclined;
    public bool PartnerDeclined;
    public bool Agreement;
    public byte DeclineReason;
    public byte AgreementKind;
    public byte NoDealReason;
    public short ProposalNote;
    public short DeclineComment;
    public short PartnerComment;
    public short OutcomeComment;
    public byte Proposer;
    public ActorKind MeetingBy;
    public ActorKind OutcomeBy;
    public bool Pivotal;
    public bool Removed;
}

/// <summary>One round of proposals of a request (the partners proposed together), for the final count adjustment.</summary>
internal struct RoundFacts
{
    public int Request;
    public int Count;

    /// <summary>Another pending proposal could be added without changing what happened (the request never needed every proposal answered).</summary>
    public bool MayAddPending;
}

/// <summary>
/// The texts of history notes and comments, in one list (indices stored in the facts), and the system notes.
/// Categories are ranges of the list.
/// </summary>
internal sealed class NotePool
{
    public const short Routing = -2;
    public const short Resubmitted = -3;
    public const short DeadlinePassed = -4;

    private readonly List<string> _texts = [];

    public NotePool(GenerationReference reference)
    {
        Questions = Range(GenerationText.QuestionsKo);
        Declines = Range(GenerationText.DeclineReasonsKo);
        WithdrawKo = Range(GenerationText.WithdrawReasonsKo);
        WithdrawEn = Range(GenerationText.WithdrawReasonsEn);
        Matching = Range(GenerationText.MatchingNotesKo);
        Transfers = [.. reference.InstituteNameKo.Select(name => Range([.. GenerationText.TransferNotesKo.Select(t => t.Replace("{O}", name, StringComparison.Ordinal))]))];
        Contributors = Range(GenerationText.ContributorNotesKo);
        LowRank = Range(GenerationText.LowRankNotesKo);
        Proposal = Range(GenerationText.ProposalNotesKo);
        SmeDeclineKo = Range(GenerationText.SmeDeclineCommentsKo);
        SmeDeclineEn = Range(GenerationText.SmeDeclineCommentsEn);
        PartnerAccepted = Range(GenerationText.PartnerAcceptedCommentsKo);
        PartnerDeclined = Range(GenerationText.PartnerDeclinedCommentsKo);
        Agreements = Range(GenerationText.AgreementCommentsKo);
        NoDeals = Range(GenerationText.NoDealCommentsKo);
        Utf8 = [.. _texts.Select(GenerationReference.Utf8)];
        Texts = [.. _texts];
    }

    public string[] Texts { get; }

    public byte[][] Utf8 { get; }

    public (short Start, short Count) Questions { get; }

    public (short Start, short Count) Declines { get; }

    public (short Start, short Count) WithdrawKo { get; }

    public (short Start, short Count) WithdrawEn { get; }

    public (short Start, short Count) Matching { get; }

    public (short Start, short Count)[] Transfers { get; }

    public (short Start, short Count) Contributors { get; }

    public (short Start, short Count) LowRank { get; }

    public (short Start, short Count) Proposal { get; }

    public (short Start, short Count) SmeDeclineKo { get; }

    public (short Start, short Count) SmeDeclineEn { get; }

    public (short Start, short Count) PartnerAccepted { get; }

    public (short Start, short Count) PartnerDeclined { get; }

    public (short Start, short Count) Agreements { get; }

    public (short Start, short Count) NoDeals { get; }

    public static readonly byte[] RoutingUtf8 = GenerationReference.Utf8(RequestStatusChange.SystemNote("Routing"));
    public static readonly byte[] ResubmittedUtf8 = GenerationReference.Utf8(RequestStatusChange.SystemNote("Resubmitted"));
    public static readonly byte[] DeadlinePassedUtf8 = GenerationReference.Utf8(RequestStatusChange.SystemNote("DeadlinePassed"));

    public static short Pick((short Start, short Count) range, ref Rng rng) => (short)(range.Start + rng.Next(range.Count));

    public byte[]? Of(short note) => note switch
    {
        Routing => RoutingUtf8,
        Resubmitted => ResubmittedUtf8,
        DeadlinePassed => DeadlinePassedUtf8,
        < 0 => null,
        _ => Utf8[note],
    };

    private (short, short) Range(string[] texts)
    {
        var start = (short)_texts.Count;
        _texts.AddRange(texts);
        return (start, (short)texts.Length);
    }
}

/// <summary>The matching weights a run freezes into its matches (the app's configured ones) and the engine version they give.</summary>
internal sealed record EngineSettings(MatchingWeights Weights, string Version);
