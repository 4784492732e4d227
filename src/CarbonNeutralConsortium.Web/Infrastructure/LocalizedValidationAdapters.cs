using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// MVC localizes the messages of the attributes it knows through adapters; the portal's own attributes
/// (PlainText, NameText, MustBeTrue, TotpCode) get the same treatment here, so their messages come from SharedResource.
/// </summary>
public sealed class PortalValidationAttributeAdapterProvider : IValidationAttributeAdapterProvider
{
    private readonly ValidationAttributeAdapterProvider _builtIn = new();

    public IAttributeAdapter? GetAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer) =>
        attribute is PlainTextAttribute or MustBeTrueAttribute or TotpCodeAttribute
            ? new LocalizedAttributeAdapter(attribute, stringLocalizer)
            : _builtIn.GetAttributeAdapter(attribute, stringLocalizer);

    private sealed class LocalizedAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? localizer)
        : AttributeAdapterBase<ValidationAttribute>(attribute, localizer)
    {
        public override void AddValidation(ClientModelValidationContext context)
        {
            // Server-side validation only (the portal has no client-side validation scripts).
        }

        public override string GetErrorMessage(ModelValidationContextBase validationContext) =>
            GetErrorMessage(validationContext.ModelMetadata, validationContext.ModelMetadata.GetDisplayName());
    }
}
