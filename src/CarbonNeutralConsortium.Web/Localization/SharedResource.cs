namespace CarbonNeutralConsortium.Web.Localization;

/// <summary>
/// Marker of the web project's texts: SharedResource.resx (Korean, the default) and SharedResource.en.resx
/// (English). A test checks both files have the same keys.
/// </summary>
public sealed class SharedResource;
