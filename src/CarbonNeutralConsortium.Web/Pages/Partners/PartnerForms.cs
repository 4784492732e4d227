using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using CarbonNeutralConsortium.Web.Requests;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>The registry's filters as a GET query (?q=&amp;country=&amp;type=&amp;tech=&amp;institute=&amp;status=&amp;p=), shared by the list and the export.</summary>
public sealed class PartnerFilterQuery
{
    public const string ActiveStatus = "active";
    public const string InactiveStatus = "inactive";
    public const string AllStatuses = "all";

    public string? Q { get; set; }

    public string? Country { get; set; }

    public string? Type { get; set; }

    public string? Tech { get; set; }

    public string? Institute { get; set; }

    public string? Status { get; set; }

    public int P { get; set; } = 1;

    public bool IsFiltered => !string.IsNullOrEmpty(Q) || !string.IsNullOrEmpty(Country) || !string.IsNullOrEmpty(Type) || !string.IsNullOrEmpty(Tech)
        || !string.IsNullOrEmpty(Institute) || Status != ActiveStatus;

    /// <summary>
    /// Cleans the query in place (a bounded one-line text; codes that are not plain short text dropped; an unknown status is
    /// "active") and returns the service filter. Never an error page for a strange query.
    /// </summary>
    public PartnerListFilter ToFilter()
    {
        var search = Q?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            search = search.Length > PartnerQueries.SearchMaxLength ? search[..PartnerQueries.SearchMaxLength] : search;
            search = PlainTextAttribute.IsPlain(search, multiline: false) ? search : null;
        }

        Q = string.IsNullOrEmpty(search) ? null : search;
        Country = Code(Country);
        Type = Code(Type);
        Tech = Code(Tech);
        Institute = Code(Institute);
        Status = Status?.ToLowerInvariant() switch
        {
            InactiveStatus => InactiveStatus,
            AllStatuses => AllStatuses,
            _ => ActiveStatus,
        };
        var status = Status switch
        {
            InactiveStatus => PartnerStatusFilter.Inactive,
            AllStatuses => PartnerStatusFilter.All,
            _ => PartnerStatusFilter.Active,
        };
        P = Math.Clamp(P, 1, PartnerQueries.MaxPage);
        return new PartnerListFilter(Q, Country, Type, Tech, Institute, status, P);
    }

    /// <summary>The query string values (for links to other pages and to the export), without the page number unless asked.</summary>
    public Dictionary<string, string> RouteValues(int? page = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        Add("q", Q);
        Add("country", Country);
        Add("type", Type);
        Add("tech", Tech);
        Add("institute", Institute);
        Add("status", Status == ActiveStatus ? null : Status);
        if (page is > 1)
        {
            values["p"] = page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static string? Code(string? value)
    {
        var code = value?.Trim();
        return string.IsNullOrEmpty(code) || code.Length > 64 || !PlainTextAttribute.IsPlain(code, multiline: false) ? null : code;
    }
}

/// <summary>The fields of the partner form (new and edit). Keywords are one text separated by ';'.</summary>
public sealed class PartnerInput
{
    [Required(ErrorMessage = V.Required)]
    [StringLength(PartnerCsv.ExternalIdMaxLength, ErrorMessage = V.StringLength)]
    [NameText]
    [Display(Name = "PartnerField.ExternalId")]
    public string? ExternalId { get; set; }

    [Required(ErrorMessage = V.Required)]
    [StringLength(OverseasPartner.NameMaxLength, ErrorMessage = V.StringLength)]
    [NameText]
    [Display(Name = "PartnerField.Name")]
    public string? Name { get; set; }

    [StringLength(OverseasPartner.NameMaxLength, ErrorMessage = V.StringLength)]
    [NameText]
    [Display(Name = "PartnerField.NameKo")]
    public string? NameKo { get; set; }

    [Required(ErrorMessage = V.Choice)]
    [StringLength(2, ErrorMessage = V.Choice)]
    [NameText(ErrorMessage = V.Choice)]
    [Display(Name = "PartnerField.Country")]
    public string? CountryCode { get; set; }

    [Required(ErrorMessage = V.Choice)]
    [StringLength(64, ErrorMessage = V.Choice)]
    [NameText(ErrorMessage = V.Choice)]
    [Display(Name = "PartnerField.PartnerType")]
    public string? PartnerTypeCode { get; set; }

    [CodeList]
    [Display(Name = "PartnerField.TechnologyCodes")]
    public List<string> TechnologyCodes { get; set; } = [];

    [CodeList]
    [Display(Name = "PartnerField.CooperationTypes")]
    public List<string> CooperationTypes { get; set; } = [];

    [Display(Name = "PartnerField.TrlMin")]
    public int? TrlMin { get; set; }

    [Display(Name = "PartnerField.TrlMax")]
    public int? TrlMax { get; set; }

    [StringLength(PartnerCsv.MaxKeywords * (PartnerCsv.KeywordMaxLength + 2), ErrorMessage = V.StringLength)]
    [RequestText]
    [Display(Name = "PartnerField.Keywords")]
    public string? Keywords { get; set; }

    [StringLength(OverseasPartner.DescriptionMaxLength, ErrorMessage = V.StringLength)]
    [RequestText(Multiline = true)]
    [Display(Name = "PartnerField.Description")]
    public string? Description { get; set; }

    [StringLength(PartnerCsv.WebsiteMaxLength, ErrorMessage = V.StringLength)]
    [NameText]
    [Display(Name = "PartnerField.Website")]
    public string? Website { get; set; }

    [StringLength(PartnerCsv.EmailMaxLength, ErrorMessage = V.StringLength)]
    [NameText]
    [Display(Name = "PartnerField.ContactEmail")]
    public string? ContactEmail { get; set; }

    [CodeList]
    [Display(Name = "PartnerField.LinkedInstitutes")]
    public List<string> LinkedInstitutes { get; set; } = [];

    public uint Version { get; set; }

    public static PartnerInput From(OverseasPartnerData data, uint version) => new()
    {
        ExternalId = data.ExternalId,
        Name = data.Name,
        NameKo = data.NameKo,
        CountryCode = data.CountryCode,
        PartnerTypeCode = data.PartnerTypeCode,
        TechnologyCodes = [.. data.TechnologyCodes],
        CooperationTypes = [.. data.CooperationTypes],
        TrlMin = data.TrlMin,
        TrlMax = data.TrlMax,
        Keywords = string.Join("; ", data.Keywords),
        Description = data.Description,
        Website = data.Website,
        ContactEmail = data.ContactEmail,
        LinkedInstitutes = [.. data.LinkedInstitutes],
        Version = version,
    };

    public OverseasPartnerData ToData() => new(ExternalId ?? "", Name ?? "", NameKo, CountryCode ?? "", PartnerTypeCode ?? "", TechnologyCodes, CooperationTypes,
        TrlMin, TrlMax, PartnerCsv.SplitList(Keywords), Description, Website, ContactEmail, LinkedInstitutes);
}


/// <summary>A page that shows the partner form (New, Edit): the shared partial binds to this.</summary>
public interface IPartnerFormPage
{
    PartnerInput Input { get; }

    PartnerReference Reference { get; }
}
