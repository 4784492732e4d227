namespace CarbonNeutralConsortium.Domain.Companies;

/// <summary>The 17 first-level administrative divisions of Korea (시·도), by stable code. Names are localized in the UI.</summary>
public static class KoreanRegions
{
    public static readonly IReadOnlyList<string> Codes =
    [
        "SEOUL", "BUSAN", "DAEGU", "INCHEON", "GWANGJU", "DAEJEON", "ULSAN", "SEJONG", "GYEONGGI",
        "GANGWON", "CHUNGBUK", "CHUNGNAM", "JEONBUK", "JEONNAM", "GYEONGBUK", "GYEONGNAM", "JEJU",
    ];

    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code, StringComparer.Ordinal);
}
