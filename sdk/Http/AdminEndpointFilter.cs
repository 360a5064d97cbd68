using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Modular.Sdk.Security;

namespace Modular.Sdk.Http;

/// <summary>Admin-only HTTP routes: 401 with a JSON error unless the request carries an admin bearer token.</summary>
public static class AdminEndpointFilter
{
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            var admin = http.RequestServices.GetRequiredService<IAdminAuthorization>();
            if (!admin.IsAdminHeader(http.Request.Headers.Authorization) && !admin.IsAdmin(http.User))
            {
                return Results.Json(new { error = "unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
            }
            return await next(context).ConfigureAwait(false);
        });
}
