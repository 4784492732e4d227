using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Requests;

/// <summary>The fields of the wizard's first step ("what you need"), shared by the New page and the step form.</summary>
public abstract class NeedFields
{
    [Required(ErrorMessage = V.Required)]
    [StringLength(PartnershipRequest.TitleMaxLength, ErrorMessage = V.StringLength)]
    [RequestText]
    [Display(Name = "RequestField.Title")]
    public string? Title { get; set; }

    [StringLength(PartnershipRequest.SummaryMaxLength, ErrorMessage = V.StringLength)]
    [RequestText(Multiline = true)]
    [Display(Name = "RequestField.PublicSummary")]
    public string? PublicSummary { get; set; }

    [StringLength(64, ErrorMessage = V.Choice)]
    [PlainText]
    [Display(Name = "RequestField.CooperationTypeCode")]
    public string? CooperationTypeCode { get; set; }
}
