namespace CarbonNeutralConsortium.Domain.ReferenceData;

/// <summary>A kind of cooperation an SME may seek (technology introduction, joint R&amp;D, ...).</summary>
public sealed class CooperationType : ReferenceItem
{
    private CooperationType() { }

    public CooperationType(string code, string nameKo, string nameEn, int sortOrder)
    {
        Init(code, nameKo, nameEn);
        SortOrder = sortOrder;
    }

    public int SortOrder { get; private set; }
}

/// <summary>A kind of overseas partner (university, research institute, company, ...).</summary>
public sealed class PartnerType : ReferenceItem
{
    private PartnerType() { }

    public PartnerType(string code, string nameKo, string nameEn, int sortOrder)
    {
        Init(code, nameKo, nameEn);
        SortOrder = sortOrder;
    }

    public int SortOrder { get; private set; }
}
