using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Headers of a file someone uploaded, sent back as a download: never sniffed into another type, never cached by a
/// shared cache, and sandboxed should a browser render it anyway.
/// </summary>
public static class DownloadHeaders
{
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.CacheControl] = "private, no-store";
        response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
    }
}
