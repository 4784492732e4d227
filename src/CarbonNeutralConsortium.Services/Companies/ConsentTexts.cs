using CarbonNeutralConsortium.Domain.Companies;

namespace CarbonNeutralConsortium.Services.Companies;

/// <summary>
/// The consent notices for contact persons (PIPA): the texts live in the web project's SharedResource under the
/// keys below, in Korean and English; <see cref="Version"/> names the text version recorded with each decision.
/// Change the version whenever a text changes.
/// </summary>
public static class ConsentTexts
{
    public const string Version = "2026-11";

    /// <summary>The notice of a kind, built from the texts as the user sees them (lookup: key → text in the current language).</summary>
    public static ConsentNotice Notice(ConsentKind kind, Func<string, string> text, string culture)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = kind == ConsentKind.Collection ? "Consent.Collection." : "Consent.Transfer.";
        var purpose = text(prefix + "Purpose");
        if (kind == ConsentKind.OverseasTransfer)
        {
            // Transfer abroad: who receives the data and where, shown (and recorded) with the purpose.
            purpose += "\n" + text("Consent.Transfer.Recipients");
        }

        return new ConsentNotice(kind, Version, purpose, text(prefix + "Items"), text(prefix + "Retention"), text(prefix + "Refuse"),
            culture == "en" ? "en" : "ko");
    }

    /// <summary>The resource keys the notices use (for the page that shows them and the tests that check them).</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "Consent.Collection.Purpose", "Consent.Collection.Items", "Consent.Collection.Retention", "Consent.Collection.Refuse",
        "Consent.Transfer.Purpose", "Consent.Transfer.Items", "Consent.Transfer.Retention", "Consent.Transfer.Refuse", "Consent.Transfer.Recipients",
    ];
}
