using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Matching;

namespace CarbonNeutralConsortium.Services.Generation;

/// <summary>
/// The frozen explanation of a generated match: the engine's eight factors (MatchingWeights' order and weights) with
/// points and one-line reasons in Korean and English, written as the JSON the app stores in matches.factors (EF
/// Core's JSON of <c>List&lt;MatchFactor&gt;</c>: Factor, Points, ReasonEn, ReasonKo). The rules follow the engine's
/// (technology credit, country, partner type, cooperation type, TRL, network, track record); the keyword factor is
/// estimated from the shared keywords (running the engine itself costs ~70 µs a pair, 3.5 minutes for 3 million
/// matches). Reasons are assembled from pre-encoded fragments straight into the COPY buffer.
/// </summary>
internal sealed class MatchFactors
{
    private const double AnyExactFloor = 0.75;
    private const double SiblingCredit = 0.4;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly GenerationReference _reference;
    private readonly KeywordPool _keywords;
    private readonly double[] _weights;
    private readonly byte[][] _factorStart;
    private readonly byte[][] _points = new byte[1001][];

    // Pre-encoded JSON string fragments (escaped, no quotes).
    private readonly byte[][] _leafKo, _leafEn, _areaKo, _areaEn, _countryKo, _countryEn, _typeKo, _typeEn, _coopKo, _coopEn, _orgKo, _orgEn;
    private readonly byte[][] _leafEnCapitalized;

    public MatchFactors(GenerationReference reference, KeywordPool keywords, MatchingWeights weights)
    {
        _reference = reference;
        _keywords = keywords;
        _weights = [.. weights.All.Select(w => w.Weight)];
        _factorStart = [.. weights.All.Select(w => Bytes("{\"Factor\":" + JsonSerializer.Serialize(w.Factor, Json) + ",\"Points\":"))];
        for (var i = 0; i <= 1000; i++)
        {
            _points[i] = Bytes((i / 10.0).ToString("R", CultureInfo.InvariantCulture));
        }

        _leafKo = [.. reference.Leaves.Select(l => Escape(WithCode(l.NameKo, l.Code, ko: true)))];
        _leafEn = [.. reference.Leaves.Select(l => Escape(WithCode(l.NameEn, l.Code, ko: false)))];
        _leafEnCapitalized = [.. reference.Leaves.Select(l => Escape(Capitalize(WithCode(l.NameEn, l.Code, ko: false))))];
        _areaKo = [.. reference.Areas.Select(a => Escape(WithCode(a.NameKo, a.Code, ko: true)))];
        _areaEn = [.. reference.Areas.Select(a => Escape(WithCode(a.NameEn, a.Code, ko: false)))];
        _countryKo = [.. reference.Countries.Select(c => Escape(WithCode(c.NameKo, c.Code, ko: true)))];
        _countryEn = [.. reference.Countries.Select(c => Escape(WithCode(c.NameEn, c.Code, ko: false)))];
        _typeKo = [.. reference.PartnerTypes.Select(t => Escape(t.NameKo))];
        _typeEn = [.. reference.PartnerTypes.Select(t => Escape(t.NameEn))];
        _coopKo = [.. reference.CooperationTypes.Select(t => Escape(t.NameKo))];
        _coopEn = [.. reference.CooperationTypes.Select(t => Escape(t.NameEn))];
        _orgKo = [.. reference.Institutes.Select((code, i) => Escape(WithCode(reference.InstituteNameKo[i], code, ko: true)))];
        _orgEn = [.. reference.Institutes.Select((code, i) => Escape(WithCode(reference.InstituteNameEn[i], code, ko: false)))];
        TypeAffinity = BuildAffinity(reference);
    }

    /// <summary>Partner types (mask over <see cref="GenerationReference.PartnerTypes"/>) that suit each cooperation type, as the engine's table.</summary>
    private int[] TypeAffinity { get; }

    /// <summary>The score (0–100, one decimal) of a pair, as the sum of the factors' points.</summary>
    public double Score(in RequestFacts request, in PartnerFacts partner, byte lead) => Evaluate(request, partner, lead, null);

    /// <summary>Writes the factors as the JSON array of a jsonb value (version byte first) and returns the score.</summary>
    public double WriteJsonb(PgCopyWriter writer, in RequestFacts request, in PartnerFacts partner, byte lead)
    {
        var at = writer.BeginValue();
        writer.Append(1);
        writer.Append((byte)'[');
        var score = Evaluate(request, partner, lead, writer);
        writer.Append((byte)']');
        writer.EndValue(at);
        return score;
    }

    private double Evaluate(in RequestFacts request, in PartnerFacts partner, byte lead, PgCopyWriter? w)
    {
        double sum = 0;
        sum += Technology(request, partner, w);
        sum += Keywords(request, partner, w);
        sum += Country(request, partner, w);
        sum += PartnerType(request, partner, w);
        sum += Cooperation(request, partner, w);
        sum += Trl(request, partner, w);
        sum += Network(partner, lead, w);
        sum += TrackRecord(partner, w);
        return Math.Clamp(Round(sum), 0, 100);
    }

    private double Technology(in RequestFacts request, in PartnerFacts partner, PgCopyWriter? w)
    {
        double creditSum = 0;
        var anyExact = false;
        for (var i = 0; i < request.LeafCount; i++)
        {
            var leaf = request.Leaf(i);
            if (partner.HasLeaf(leaf))
            {
                anyExact = true;
                creditSum += 1;
            }
            else if (partner.HasLeafInArea(_reference.Leaves[leaf].Area))
            {
                creditSum += SiblingCredit;
            }
        }

        var mean = creditSum / request.LeafCount;
        var share = anyExact ? AnyExactFloor + ((1 - AnyExactFloor) * mean) : mean;
        var points = Points(0, share);
        if (w is null)
        {
            return points;
        }

        Start(w, 0, points);
        if (mean == 0)
        {
            w.Append("기술 분야 불일치: 요청 "u8);
            LeafList(w, request, ko: true);
            w.Append(", 후보 "u8);
            PartnerLeafList(w, partner, -1, ko: true);
            Middle(w);
            w.Append("No technology overlap: requested "u8);
            LeafList(w, request, ko: false);
            w.Append("; partner has "u8);
            PartnerLeafList(w, partner, -1, ko: false);
            End(w);
            return points;
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var ko = pass == 0;
            for (var i = 0; i < request.LeafCount; i++)
            {
                var leaf = request.Leaf(i);
                var area = _reference.Leaves[leaf].Area;
                if (i > 0)
                {
                    w.Append("; "u8);
                }

                if (partner.HasLeaf(leaf))
                {
                    if (ko)
                    {
                        w.Append(_leafKo[leaf]);
                        w.Append(" 정확히 일치"u8);
                    }
                    else
                    {
                        w.Append(i == 0 ? _leafEnCapitalized[leaf] : _leafEn[leaf]);
                        w.Append(" matches exactly"u8);
                    }
                }
                else if (partner.HasLeafInArea(area))
                {
                    if (ko)
                    {
                        w.Append("같은 분야("u8);
                        w.Append(_areaKo[area]);
                        w.Append(")의 다른 기술 "u8);
                        PartnerLeafList(w, partner, area, ko: true);
                        w.Append(" (요청: "u8);
                        w.Append(_leafKo[leaf]);
                        w.Append((byte)')');
                    }
                    else
                    {
                        w.Append(i == 0 ? "Same area ("u8 : "same area ("u8);
                        w.Append(_areaEn[area]);
                        w.Append(") but another technology: "u8);
                        PartnerLeafList(w, partner, area, ko: false);
                        w.Append(" (requested: "u8);
                        w.Append(_leafEn[leaf]);
                        w.Append((byte)')');
                    }
                }
                else if (ko)
                {
                    w.Append(_leafKo[leaf]);
                    w.Append(": 맞는 기술 없음"u8);
                }
                else
                {
                    w.Append(i == 0 ? "Nothing matches "u8 : "nothing matches "u8);
                    w.Append(_leafEn[leaf]);
                }
            }

            if (ko)
            {
                Middle(w);
            }
        }

        End(w);
        return points;
    }

    private double Keywords(in RequestFacts request, in PartnerFacts partner, PgCopyWriter? w)
    {
        // Shared keywords, plus the words of a shared technology's name in the request's title and the partner's description.
        Span<ushort> common = stackalloc ushort[8];
        var count = 0;
        for (var i = 0; i < request.KeywordCount && count < 5; i++)
        {
            var keyword = request.Keyword(i);
            if (partner.HasKeyword(keyword))
            {
                common[count++] = keyword;
            }
        }

        var sharedLeaf = false;
        for (var i = 0; i < request.LeafCount; i++)
        {
            sharedLeaf |= partner.HasLeaf(request.Leaf(i));
        }

        if (sharedLeaf && count < 5)
        {
            var leafWord = request.English ? _keywords.LeafEn[request.Leaf0][0] : _keywords.LeafKo[request.Leaf0][0];
            if (!common[..count].Contains(leafWord))
            {
                common[count++] = leafWord;
            }
        }

        var coverage = (count * 0.075) + (sharedLeaf ? 0.05 : 0);
        var share = count == 0 ? 0 : 1 - Math.Exp(-coverage / 0.2);
        var points = Points(1, share);
        if (w is null)
        {
            return points;
        }

        Start(w, 1, points);
        if (count == 0)
        {
            w.Append("요청과 겹치는 단어가 없습니다."u8);
            Middle(w);
            w.Append("No words in common with the request."u8);
            End(w);
            return points;
        }

        // The words of the shared keywords, at most five (as the engine shows them).
        Span<ushort> words = stackalloc ushort[5];
        var shown = 0;
        for (var i = 0; i < count && shown < 5; i++)
        {
            foreach (var word in _keywords.WordsOf[common[i]])
            {
                if (shown < 5 && !words[..shown].Contains(word))
                {
                    words[shown++] = word;
                }
            }
        }

        w.Append("공통 단어: "u8);
        WordList(w, words[..shown]);
        Middle(w);
        w.Append("Words in common: "u8);
        WordList(w, words[..shown]);
        End(w);
        return points;
    }

    private double Country(in RequestFacts request, in PartnerFacts partner, PgCopyWriter? w)
    {
        var country = partner.Country;
        double share;
        if (request.PreferredCount == 0)
        {
            share = 0.5;
        }
        else
        {
            share = request.Prefers(country) ? 1 : 0;
        }

        var points = Points(2, share);
        if (w is null)
        {
            return points;
        }

        Start(w, 2, points);
        if (request.PreferredCount == 0)
        {
            w.Append("선호 국가 지정 없음 (후보: "u8);
            w.Append(_countryKo[country]);
            w.Append((byte)')');
            Middle(w);
            w.Append("No country preference (partner in "u8);
            w.Append(_countryEn[country]);
            w.Append((byte)')');
        }
        else if (share == 1)
        {
            w.Append("선호 국가 "u8);
            w.Append(_countryKo[country]);
            Middle(w);
            w.Append("Preferred country "u8);
            w.Append(_countryEn[country]);
        }
        else
        {
            w.Append("선호 국가("u8);
            CountryList(w, request, ko: true);
            w.Append(")가 아님: "u8);
            w.Append(_countryKo[country]);
            Middle(w);
            w.Append(_countryEn[country]);
            w.Append(" is not a preferred country ("u8);
            CountryList(w, request, ko: false);
            w.Append((byte)')');
        }

        End(w);
        return points;
    }

    private double PartnerType(in RequestFacts request, in PartnerFacts partner, PgCopyWriter? w)
    {
        var type = partner.Type;
        int kind; // 0 preferred, 1 not preferred, 2 neutral, 3 suits, 4 suits less
        if ((request.TypeMask & (1 << type)) != 0)
        {
            kind = 0;
        }
        else if (request.TypeMask != 0)
        {
            kind = 1;
        }
        else if (request.Cooperation == RequestFacts.None || TypeAffinity[request.Cooperation] == 0)
        {
            kind = 2;
        }
        else
        {
            kind = (TypeAffinity[request.Cooperation] & (1 << type)) != 0 ? 3 : 4;
        }

        var share = kind switch { 0 => 1, 1 => 0, 2 => 0.5, 3 => 0.7, _ => 0.3 };
        var points = Points(3, share);
        if (w is null)
        {
            return points;
        }

        Start(w, 3, points);
        switch (kind)
        {
            case 0:
                w.Append("선호 기관 유형: "u8);
                w.Append(_typeKo[type]);
                Middle(w);
                w.Append("Preferred partner type: "u8);
                w.Append(_typeEn[type]);
                break;
            case 1:
                w.Append("선호 기관 유형이 아님: "u8);
                w.Append(_typeKo[type]);
                Middle(w);
                w.Append("Not a preferred partner type: "u8);
                w.Append(_typeEn[type]);
                break;
            case 2:
                w.Append("기관 유형 지정 없음 (후보: "u8);
                w.Append(_typeKo[type]);
                w.Append((byte)')');
                Middle(w);
                w.Append("No partner type preference (partner: "u8);
                w.Append(_typeEn[type]);
                w.Append((byte)')');
                break;
            default:
                w.Append("기관 유형 지정 없음: "u8);
                w.Append(_typeKo[type]);
                w.Append(" ("u8);
                w.Append(_coopKo[request.Cooperation]);
                w.Append(kind == 3 ? "에 적합한 유형)"u8 : "에 덜 적합한 유형)"u8);
                Middle(w);
                w.Append("No type preference: "u8);
                w.Append(_typeEn[type]);
                w.Append(kind == 3 ? " (a type suited to "u8 : " (a type less suited to "u8);
                w.Append(_coopEn[request.Cooperation]);
                w.Append((byte)')');
                break;
        }

        End(w);
        return points;
    }

    private double Cooperation(in RequestFacts request, in PartnerFacts partner, PgCopyWriter? w)
    {
        var cooperation = request.Cooperation;
        int kind; // 0 request names none, 1 partner open to any, 2 offers, 3 does not offer
        if (cooperation == RequestFacts.None)
        {
            kind = 0;
        }
        else if (partner.CooperationMask == 0)
        {
            kind = 1;
        }
        else
        {
            kind = (partner.CooperationMask & (1 << cooperation)) != 0 ? 2 : 3;
        }

        var share = kind switch { 0 or 1 => 0.5, 2 => 1, _ => 0 };
        var points = Points(4, share);
        if (w is null)
        {
            return points;
        }

        Start(w, 4, points);
        switch (kind)
        {
            case 0:
                w.Append("요청에 협력 유형 지정 없음"u8);
                Middle(w);
                w.Append("The request names no cooperation type"u8);
                break;
            case 1:
                w.Append("협력 유형 제한 없음 ("u8);
                w.Append(_coopKo[cooperation]);
                w.Append(" 가능 여부 미확인)"u8);
                Middle(w);
                w.Append("Open to any cooperation type ("u8);
                w.Append(_coopEn[cooperation]);
                w.Append(" not confirmed)"u8);
                break;
            case 2:
                w.Append(_coopKo[cooperation]);
                w.Append(" 제공"u8);
                Middle(w);
                w.Append("Offers "u8);
                w.Append(_coopEn[cooperation]);
                break;
            default:
                w.Append(_coopKo[cooperation]);
                w.Append(" 미제공 (제공: "u8);
                CooperationList(w, partner.CooperationMask, ko: true);
                w.Append((byte)')');
                Middle(w);
                w.Append("Does not offer "u8);
                w.Append(_coopEn[cooperation]);
                w.Append(" (offers: "u8);
                CooperationList(w, partner.CooperationMask, ko: false);
                w.Append((byte)')');
                break;
        }

        End(w);
        return points;
    }

    private double Trl(in RequestFacts request, in PartnerFacts partner, PgCopyWriter? w)
    {
        int a = request.TrlCurrent, b = request.TrlTarget == 0 ? request.TrlCurrent : request.TrlTarget;
        var wantedKnown = request.TrlCurrent != 0;
        var offeredKnown = partner.TrlMin != 0 || partner.TrlMax != 0;
        int min = partner.TrlMin == 0 ? 1 : partner.TrlMin, max = partner.TrlMax == 0 ? 9 : partner.TrlMax;
        double share;
        int overlap = 0, gap = 0;
        if (!wantedKnown || !offeredKnown)
        {
            share = 0.5;
        }
        else
        {
            overlap = Math.Min(b, max) - Math.Max(a, min) + 1;
            if (overlap > 0)
            {
                share = 0.6 + (0.4 * overlap / (b - a + 1));
            }
            else
            {
                gap = Math.Max(a, min) - Math.Min(b, max);
                share = gap == 1 ? 0.3 : 0;
            }
        }

        var points = Points(5, share);
        if (w is null)
        {
            return points;
        }

        Start(w, 5, points);
        if (!wantedKnown)
        {
            w.Append("요청의 TRL 정보 없음"u8);
            Middle(w);
            w.Append("The request gives no TRL"u8);
            End(w);
            return points;
        }

        if (!offeredKnown)
        {
            w.Append("후보의 TRL 정보 없음 (요청 "u8);
            TrlRange(w, a, b, arrow: true);
            w.Append((byte)')');
            Middle(w);
            w.Append("The partner gives no TRL (request "u8);
            TrlRange(w, a, b, arrow: true);
            w.Append((byte)')');
            End(w);
            return points;
        }

        w.Append("후보 "u8);
        TrlRange(w, min, max, arrow: false);
        w.Append(", 요청 "u8);
        TrlRange(w, a, b, arrow: true);
        if (overlap > 0 && overlap >= b - a + 1)
        {
            w.Append(": 요청 구간 전체 포괄"u8);
            Middle(w);
            w.Append("Partner "u8);
            TrlRange(w, min, max, arrow: false);
            w.Append(" covers the request's "u8);
            TrlRange(w, a, b, arrow: true);
        }
        else if (overlap > 0)
        {
            w.Append(": "u8);
            w.AppendDigits(overlap);
            w.Append("단계 겹침"u8);
            Middle(w);
            w.Append("Partner "u8);
            TrlRange(w, min, max, arrow: false);
            w.Append(" overlaps "u8);
            w.AppendDigits(overlap);
            w.Append(" level(s) of the request's "u8);
            TrlRange(w, a, b, arrow: true);
        }
        else if (gap == 1)
        {
            w.Append(": 1단계 차이로 인접"u8);
            Middle(w);
            w.Append("Partner "u8);
            TrlRange(w, min, max, arrow: false);
            w.Append(" is next to the request's "u8);
            TrlRange(w, a, b, arrow: true);
            w.Append(" (1 level apart)"u8);
        }
        else
        {
            w.Append(": "u8);
            w.AppendDigits(gap);
            w.Append("단계 떨어짐"u8);
            Middle(w);
            w.Append("Partner "u8);
            TrlRange(w, min, max, arrow: false);
            w.Append(" is "u8);
            w.AppendDigits(gap);
            w.Append(" levels from the request's "u8);
            TrlRange(w, a, b, arrow: true);
        }

        End(w);
        return points;
    }

    private double Network(in PartnerFacts partner, byte lead, PgCopyWriter? w)
    {
        var linked = partner.LinkedMask;
        var kind = lead != RequestFacts.None && (linked & (1 << lead)) != 0 ? 0 : linked != 0 ? 1 : 2;
        var points = Points(6, kind switch { 0 => 1, 1 => 0.4, _ => 0 });
        if (w is null)
        {
            return points;
        }

        Start(w, 6, points);
        if (kind == 0)
        {
            w.Append("주관기관 연계: "u8);
            w.Append(_orgKo[lead]);
            Middle(w);
            w.Append("Linked with the lead institute "u8);
            w.Append(_orgEn[lead]);
        }
        else if (kind == 1)
        {
            w.Append("협의체 기관 연계(주관기관 아님): "u8);
            InstituteList(w, linked, ko: true);
            Middle(w);
            w.Append("Linked with consortium institute "u8);
            InstituteList(w, linked, ko: false);
            w.Append(" (not the lead)"u8);
        }
        else
        {
            w.Append("협의체 기관과의 연계 없음"u8);
            Middle(w);
            w.Append("No link with a consortium institute"u8);
        }

        End(w);
        return points;
    }

    private double TrackRecord(in PartnerFacts partner, PgCopyWriter? w)
    {
        int accepted = partner.AcceptedMatches, agreements = partner.Agreements;
        var share = accepted == 0 && agreements == 0 ? 0 : Math.Min(1, (accepted + (2.0 * agreements)) / 5);
        var points = Points(7, share);
        if (w is null)
        {
            return points;
        }

        Start(w, 7, points);
        if (accepted == 0 && agreements == 0)
        {
            w.Append("이전 매칭·협약 실적 없음"u8);
            Middle(w);
            w.Append("No earlier accepted matches or agreements"u8);
        }
        else
        {
            w.Append("이전 수락 매칭 "u8);
            w.AppendDigits(accepted);
            w.Append("건, 협약 "u8);
            w.AppendDigits(agreements);
            w.Append("건"u8);
            Middle(w);
            w.AppendDigits(accepted);
            w.Append(" earlier accepted match(es), "u8);
            w.AppendDigits(agreements);
            w.Append(" agreement(s)"u8);
        }

        End(w, last: true);
        return points;
    }

    private double Points(int factor, double share) => Round(_weights[factor] * Math.Clamp(share, 0, 1));

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    private void Start(PgCopyWriter w, int factor, double points)
    {
        w.Append(_factorStart[factor]);
        w.Append(_points[(int)Math.Round(points * 10)]);
        w.Append(",\"ReasonKo\":\""u8);
    }

    private static void Middle(PgCopyWriter w) => w.Append("\",\"ReasonEn\":\""u8);

    private static void End(PgCopyWriter w, bool last = false) => w.Append(last ? "\"}"u8 : "\"},"u8);

    private void LeafList(PgCopyWriter w, in RequestFacts request, bool ko)
    {
        for (var i = 0; i < request.LeafCount; i++)
        {
            if (i > 0)
            {
                w.Append(", "u8);
            }

            w.Append(ko ? _leafKo[request.Leaf(i)] : _leafEn[request.Leaf(i)]);
        }
    }

    /// <summary>The partner's leaves (in its order), only those of <paramref name="area"/> unless it is negative.</summary>
    private void PartnerLeafList(PgCopyWriter w, in PartnerFacts partner, int area, bool ko)
    {
        var first = true;
        for (var i = 0; i < partner.LeafCount; i++)
        {
            var leaf = partner.Leaf(i);
            if (area >= 0 && _reference.Leaves[leaf].Area != area)
            {
                continue;
            }

            if (!first)
            {
                w.Append(", "u8);
            }

            first = false;
            w.Append(ko ? _leafKo[leaf] : _leafEn[leaf]);
        }
    }

    private void CountryList(PgCopyWriter w, in RequestFacts request, bool ko)
    {
        for (var i = 0; i < request.PreferredCount; i++)
        {
            if (i > 0)
            {
                w.Append(", "u8);
            }

            w.Append(ko ? _countryKo[request.Preferred(i)] : _countryEn[request.Preferred(i)]);
        }
    }

    private void CooperationList(PgCopyWriter w, int mask, bool ko)
    {
        var first = true;
        for (var i = 0; i < _coopKo.Length; i++)
        {
            if ((mask & (1 << i)) == 0)
            {
                continue;
            }

            if (!first)
            {
                w.Append(", "u8);
            }

            first = false;
            w.Append(ko ? _coopKo[i] : _coopEn[i]);
        }
    }

    private void InstituteList(PgCopyWriter w, int mask, bool ko)
    {
        var first = true;
        for (var i = 0; i < _orgKo.Length; i++)
        {
            if ((mask & (1 << i)) == 0)
            {
                continue;
            }

            if (!first)
            {
                w.Append(", "u8);
            }

            first = false;
            w.Append(ko ? _orgKo[i] : _orgEn[i]);
        }
    }

    private void WordList(PgCopyWriter w, ReadOnlySpan<ushort> words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                w.Append(", "u8);
            }

            w.Append(_keywords.WordJson[words[i]]);
        }
    }

    private static void TrlRange(PgCopyWriter w, int a, int b, bool arrow)
    {
        w.Append("TRL "u8);
        w.AppendDigits(a);
        if (a != b)
        {
            w.Append(arrow ? "→"u8 : "–"u8);
            w.AppendDigits(b);
        }
    }

    private static int[] BuildAffinity(GenerationReference reference)
    {
        var table = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["joint_research"] = ["university", "research_institute"],
            ["technology_introduction"] = ["company", "research_institute"],
            ["technical_consulting"] = ["research_institute", "company", "university"],
            ["testing_certification"] = ["research_institute", "public_agency"],
            ["standards"] = ["public_agency", "research_institute"],
            ["talent_exchange"] = ["university", "research_institute"],
        };
        return [.. reference.CooperationTypes.Select(c => table.TryGetValue(c.Code, out var types)
            ? types.Select(reference.PartnerTypeIndex).Where(i => i >= 0).Aggregate(0, (mask, i) => mask | (1 << i))
            : 0)];
    }

    private static string WithCode(string name, string code, bool ko) =>
        name.Contains(code, StringComparison.Ordinal) ? name : ko ? $"{name}({code})" : $"{name} ({code})";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A string as the inside of a JSON string literal, UTF-8.</summary>
    public static byte[] Escape(string text)
    {
        var quoted = JsonSerializer.SerializeToUtf8Bytes(text, Json);
        return quoted[1..^1];
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
