using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>Localizes the messages model binding produces (a number field with letters in it, ...).</summary>
internal static class ModelBindingMessages
{
    public static void Localize(DefaultModelBindingMessageProvider provider, IStringLocalizer localizer)
    {
        provider.SetValueIsInvalidAccessor(value => localizer["Binding.ValueIsInvalid", value]);
        provider.SetAttemptedValueIsInvalidAccessor((value, field) => localizer["Binding.AttemptedValueIsInvalid", value, field]);
        provider.SetMissingBindRequiredValueAccessor(field => localizer["Binding.MissingValue", field]);
        provider.SetMissingKeyOrValueAccessor(() => localizer["Binding.MissingKeyOrValue"]);
        provider.SetMissingRequestBodyRequiredValueAccessor(() => localizer["Binding.MissingRequestBody"]);
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(value => localizer["Binding.NonPropertyAttemptedValueIsInvalid", value]);
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => localizer["Binding.NonPropertyUnknownValueIsInvalid"]);
        provider.SetNonPropertyValueMustBeANumberAccessor(() => localizer["Binding.NonPropertyValueMustBeANumber"]);
        provider.SetUnknownValueIsInvalidAccessor(field => localizer["Binding.UnknownValueIsInvalid", field]);
        provider.SetValueMustBeANumberAccessor(field => localizer["Binding.ValueMustBeANumber", field]);
        provider.SetValueMustNotBeNullAccessor(value => localizer["Binding.ValueMustNotBeNull", value]);
    }
}
