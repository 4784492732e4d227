using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Binds bool and bool? as MVC does, but a posted value that is not a boolean (a checkbox field sent as "abc")
/// keeps its model error while the form is shown again with the box unticked. Without this the checkbox tag
/// helper converts the attempted value back to bool while rendering and throws: a 500 instead of the form with
/// its message (found by the security scan, issue 8, on the registration form).
/// </summary>
internal sealed class CheckboxBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.Metadata.ModelType;
        if (type != typeof(bool) && type != typeof(bool?))
        {
            return null;
        }

        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new CheckboxBinder(new SimpleTypeModelBinder(type, loggers));
    }

    public static void Register(MvcOptions options) => options.ModelBinderProviders.Insert(0, new CheckboxBinderProvider());

    private sealed class CheckboxBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (!bindingContext.Result.IsModelSet
                && bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry)
                && entry.Errors.Count > 0
                && !bool.TryParse(entry.AttemptedValue, out _))
            {
                // The error stays (the form is invalid); only the value the form renders from becomes "false".
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: false, attemptedValue: entry.AttemptedValue);
            }
        }
    }
}
