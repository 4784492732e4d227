namespace CarbonNeutralConsortium.Domain.ReferenceData;

/// <summary>A node of the carbon-neutral technology taxonomy: a top-level area (H2) or a leaf (H2.PRODUCTION).</summary>
public sealed class TechnologyArea : ReferenceItem
{
    private readonly List<TechnologyAreaExpert> _experts = [];

    private TechnologyArea() { }

    public TechnologyArea(string code, string? parentCode, string nameKo, string nameEn, int sortOrder)
    {
        Init(code, nameKo, nameEn);
        ParentCode = parentCode;
        SortOrder = sortOrder;
    }

    public string? ParentCode { get; private set; }

    public int SortOrder { get; private set; }

    /// <summary>Institutes with expertise in this area (they become suggested contributors of a request).</summary>
    public IReadOnlyCollection<TechnologyAreaExpert> Experts => _experts;

    public bool IsTopLevel => ParentCode is null;

    public void RemoveExpert(string organizationCode) => _experts.RemoveAll(e => e.OrganizationCode == organizationCode);

    public void AddExpert(string organizationCode)
    {
        if (_experts.All(e => e.OrganizationCode != organizationCode))
        {
            _experts.Add(new TechnologyAreaExpert(Code, organizationCode));
        }
    }
}

/// <summary>An institute named as expert for a technology area.</summary>
public sealed class TechnologyAreaExpert
{
    private TechnologyAreaExpert() { }

    public TechnologyAreaExpert(string technologyAreaCode, string organizationCode)
    {
        TechnologyAreaCode = technologyAreaCode;
        OrganizationCode = organizationCode;
    }

    public string TechnologyAreaCode { get; private set; } = "";

    public string OrganizationCode { get; private set; } = "";
}
