using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>What a person fills in to get an account: name, password twice, privacy consent (registration and invitations).</summary>
public abstract class NewAccountFields
{
    [Required(ErrorMessage = V.Required)]
    [StringLength(PortalUser.DisplayNameMaxLength, ErrorMessage = V.StringLength)]
    [NameText]
    [Display(Name = "Field.DisplayName")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = V.Required)]
    [StringLength(PortalIdentityOptions.MaximumPasswordLength, MinimumLength = PortalIdentityOptions.MinimumPasswordLength, ErrorMessage = V.StringLengthRange)]
    [DataType(DataType.Password)]
    [Display(Name = "Field.Password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = V.Required)]
    [Compare(nameof(Password), ErrorMessage = V.Compare)]
    [DataType(DataType.Password)]
    [Display(Name = "Field.ConfirmPassword")]
    public string? ConfirmPassword { get; set; }

    [MustBeTrue]
    [Display(Name = "Field.PrivacyConsent")]
    public bool PrivacyConsent { get; set; }
}
