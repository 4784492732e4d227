using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Services.Matches;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Requests;

/// <summary>
/// The outcome form of a match (meeting, agreement or no deal, with its one detail and free text): the company reports
/// it on its request page, a coordinator records it on the match page. The same fields, rules and messages on both.
/// </summary>
public class OutcomeFields
{
    [Required(ErrorMessage = V.Required)]
    [EnumDataType(typeof(MatchOutcomeKind), ErrorMessage = V.Choice)]
    [Display(Name = "Outcome.Kind")]
    public MatchOutcomeKind? Kind { get; set; }

    [Display(Name = "Outcome.MeetingDate")]
    public DateOnly? MeetingDate { get; set; }

    [EnumDataType(typeof(AgreementKind), ErrorMessage = V.Choice)]
    [Display(Name = "Outcome.AgreementKind")]
    public AgreementKind? AgreementKind { get; set; }

    [EnumDataType(typeof(NoDealReason), ErrorMessage = V.Choice)]
    [Display(Name = "Outcome.NoDealReason")]
    public NoDealReason? NoDealReason { get; set; }

    [StringLength(Match.CommentMaxLength, ErrorMessage = V.StringLength)]
    [PlainText(Multiline = true)]
    [Display(Name = "Outcome.Comment")]
    public string? Comment { get; set; }

    /// <summary>The version (xmin) of the match the form was built from.</summary>
    public uint Version { get; set; }

    public MatchOutcomeInput ToInput() => new(Kind, MeetingDate, AgreementKind, NoDealReason, Comment);
}
