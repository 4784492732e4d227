namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>The model of the _Pager partial: the current page, the number of pages and each page's address.</summary>
public sealed record PagerView(int Page, int PageCount, Func<int, string> Href);
