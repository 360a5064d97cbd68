using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Modular.Plugins.Htx.Protocol;

namespace Modular.Plugins.Htx.Server;

/// <summary>
/// The site everyone sees: a folder served by ASP.NET's static files middleware or a decoy origin behind the forwarder,
/// each response stamped with the <c>BN-Ticket</c> header. It only ever sees requests whose carriers were removed,
/// so a request with a bad ticket gets exactly what the same request without one gets.
/// </summary>
public sealed class DecoySite
{
    private static readonly byte[] NotFoundBody = "<!doctype html><title>404 Not Found</title><h1>Not Found</h1>\n"u8.ToArray();
    private static readonly byte[] NotAllowedBody = "<!doctype html><title>405 Method Not Allowed</title><h1>Method Not Allowed</h1>\n"u8.ToArray();

    private readonly RequestDelegate _serve;
    private readonly string _announcement;

    private DecoySite(RequestDelegate serve, string announcement)
    {
        _serve = serve;
        _announcement = announcement;
    }

    /// <summary>A static folder: files for GET and HEAD (index.html for directories), 404 for the rest, 405 for other methods.</summary>
    public static DecoySite FromFolder(IApplicationBuilder app, string folder, TicketAnnouncement announcement)
    {
        var files = new PhysicalFileProvider(folder);
        var branch = app.New();
        branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        branch.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        branch.Run(NotFoundAsync);
        return new DecoySite(branch.Build(), announcement.Format());
    }

    public static DecoySite FromOrigin(OriginForwarder origin, TicketAnnouncement announcement) =>
        new(origin.ForwardAsync, announcement.Format());

    public Task ServeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (response, announcement) = ((HttpResponse, string))state;
            response.Headers[CarrierNames.AnnouncementHeader] = announcement;
            return Task.CompletedTask;
        }, (context.Response, _announcement));
        return _serve(context);
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var readOnly = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        context.Response.StatusCode = readOnly ? StatusCodes.Status404NotFound : StatusCodes.Status405MethodNotAllowed;
        if (!readOnly)
        {
            context.Response.Headers[HeaderNames.Allow] = "GET, HEAD";
        }
        var body = readOnly ? NotFoundBody : NotAllowedBody;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(method) ? Task.CompletedTask : context.Response.Body.WriteAsync(body).AsTask();
    }
}
