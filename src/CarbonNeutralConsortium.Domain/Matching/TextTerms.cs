using System.Globalization;
using System.Text;

namespace CarbonNeutralConsortium.Domain.Matching;

/// <summary>One index term and the word of the text it came from (for a reason a person can read).</summary>
public readonly record struct TextTerm(string Term, string Word);

/// <summary>
/// The index terms of free text in Korean and English, used both to store a partner's search terms (retrieval in
/// SQL) and to score text relevance (in memory), so both see the same terms.
/// <list type="bullet">
/// <item>Hangul runs become character bigrams: Korean attaches particles to stems without spaces (메탄을, 메탄의),
/// and bigrams of 메탄을 (메탄, 탄을) still share 메탄 with 메탄.</item>
/// <item>Latin words are lower-cased, plural endings removed (catalysts → catalyst), stop words dropped; letters and
/// digits stay together (CO2 → co2).</item>
/// </list>
/// Changing these rules changes stored terms: bump <see cref="Version"/> and recompute partners' terms.
/// </summary>
public static class TextTerms
{
    public const string Version = "1";

    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "between", "both", "but", "by",
        "can", "could", "do", "each", "etc", "for", "from", "has", "have", "how", "in", "into", "is", "it", "its", "may", "more",
        "most", "new", "no", "not", "of", "on", "or", "other", "our", "over", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "through", "to", "under", "up", "use", "used", "using", "via", "was",
        "we", "were", "what", "when", "where", "which", "while", "who", "will", "with", "within", "would", "you", "your",
    };

    /// <summary>The distinct terms of the texts, in ordinal order (stable for storage and comparison).</summary>
    public static IReadOnlyList<string> Extract(params IEnumerable<string?> texts)
    {
        var terms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var term in Terms(text))
            {
                terms.Add(term.Term);
            }
        }

        return [.. terms];
    }

    /// <summary>Every term of the text in order of appearance, with the word it came from (duplicates included).</summary>
    public static IEnumerable<TextTerm> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var normalized = Normalize(text);
        var i = 0;
        while (i < normalized.Length)
        {
            var kind = KindOf(normalized[i]);
            if (kind == CharKind.Other)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < normalized.Length && KindOf(normalized[i]) == kind)
            {
                i++;
            }

            var run = normalized[start..i];
            if (kind == CharKind.Hangul)
            {
                for (var b = 0; b + 1 < run.Length; b++)
                {
                    yield return new TextTerm(run.Substring(b, 2), run);
                }
            }
            else if (LatinTerm(run) is { } term)
            {
                yield return new TextTerm(term, run);
            }
        }
    }

    private static string Normalize(string text)
    {
        // ASCII and precomposed Hangul syllables are their own NFKC form: most texts need lower-casing only.
        if (IsAsciiOrHangulSyllables(text))
        {
            return text.ToLowerInvariant();
        }

        // Invalid UTF-16 (lone surrogates) would make Normalize throw: drop it first.
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
    }

    private static bool IsAsciiOrHangulSyllables(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAscii(c) && c is not (>= '\uAC00' and <= '\uD7A3'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? LatinTerm(string word)
    {
        if (word.Length < 2 && !char.IsDigit(word[0]))
        {
            return null;
        }

        if (EnglishStopWords.Contains(word) || word.All(char.IsDigit))
        {
            return null;
        }

        return Stem(word);
    }

    /// <summary>Plural endings only: a light touch that never merges unrelated words.</summary>
    private static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 4 && (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)))
        {
            return word[..^2];
        }

        if (word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i'))
        {
            return word[..^1];
        }

        return word;
    }

    private enum CharKind
    {
        Other,
        Hangul,
        Latin,
    }

    private static CharKind KindOf(char c)
    {
        if (c is >= '\uAC00' and <= '\uD7A3')
        {
            return CharKind.Hangul;
        }

        if (char.IsAsciiLetterOrDigit(c))
        {
            return CharKind.Latin;
        }

        return char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter
            ? CharKind.Latin
            : CharKind.Other;
    }
}
