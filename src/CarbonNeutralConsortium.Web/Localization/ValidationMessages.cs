namespace CarbonNeutralConsortium.Web.Localization;

/// <summary>Keys of the validation messages in SharedResource (used as ErrorMessage of DataAnnotations).</summary>
public static class V
{
    public const string Required = "Validation.Required";
    public const string StringLength = "Validation.StringLength";
    public const string StringLengthRange = "Validation.StringLengthRange";
    public const string Email = "Validation.Email";
    public const string Compare = "Validation.Compare";
    public const string PlainText = "Validation.PlainText";
    public const string NoMarkup = "Validation.NoMarkup";
    public const string MustAgree = "Validation.MustAgree";
    public const string Choice = "Validation.Choice";
}
