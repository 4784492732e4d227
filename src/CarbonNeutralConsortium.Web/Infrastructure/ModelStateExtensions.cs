using CarbonNeutralConsortium.Services.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>Copies a service's field errors into ModelState, localized, under the page's input prefix.</summary>
    public static void AddFieldErrors(this ModelStateDictionary modelState, IEnumerable<FieldError> errors, IStringLocalizer localizer, string prefix = "Input")
    {
        foreach (var error in errors)
        {
            var key = error.Field.Length == 0 ? "" : prefix.Length == 0 ? error.Field : $"{prefix}.{error.Field}";
            modelState.AddModelError(key, localizer[error.Code, error.Arguments]);
        }
    }

    /// <summary>The first error of a field (null when it has none), for the hand-written invalid-feedback blocks.</summary>
    public static string? FirstError(this ModelStateDictionary modelState, string key)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        return modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
    }
}
