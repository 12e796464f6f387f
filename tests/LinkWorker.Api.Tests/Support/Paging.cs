using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LinkWorker.Api.Tests.Support;

/// <summary>Reads keyset-paged lists ({ items, nextCursor }) through the API.</summary>
public static class Paging
{
    /// <summary>Every item of the list, following nextCursor page by page, as one JSON array.</summary>
    public static async Task<JsonElement> GetAllItems(this HttpClient client, string path, int pageSize = 200)
    {
        var all = new JsonArray();
        foreach (var page in await client.GetPages(path, pageSize))
        {
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                all.Add(JsonNode.Parse(item.GetRawText()));
            }
        }

        return JsonSerializer.SerializeToElement(all);
    }

    /// <summary>The pages of the list, in order, each as the API returned it.</summary>
    public static async Task<IReadOnlyList<JsonElement>> GetPages(this HttpClient client, string path, int pageSize)
    {
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = $"{path}{separator}pageSize={pageSize}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var response = await client.GetAsync(url);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            pages.Add(page);
            cursor = page.GetProperty("nextCursor").GetString();
            pages.Count.Should().BeLessThan(10_000, "paging must end");
        }
        while (cursor is not null);

        return pages;
    }
}
