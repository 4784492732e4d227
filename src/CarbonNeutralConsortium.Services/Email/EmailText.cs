namespace CarbonNeutralConsortium.Services.Email;

/// <summary>Marker for the e-mail texts (EmailText.resx: Korean, EmailText.en.resx: English).</summary>
public sealed class EmailText;
