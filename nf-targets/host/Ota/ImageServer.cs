using System;
using System.IO;
using System.Linq;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// A static file server for OTA images (`ota serve`): ASP.NET Core's static files on Kestrel, which answer HTTP Range
    /// requests with 206 Partial Content (416 past the end, 200 with the whole file without a Range header) as any web
    /// server or CDN does, and serve nothing outside the folder. Every file is served, as application/octet-stream
    /// unless its extension says otherwise. One line per request goes to the log.
    /// </summary>
    public sealed class ImageServer : IDisposable
    {
        private readonly WebApplication _app;

        private ImageServer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        /// <summary>The address it serves on, like http://127.0.0.1:8080/.</summary>
        public string Url { get; }

        /// <summary>Starts serving <paramref name="folder"/> on <paramref name="address"/>:<paramref name="port"/> (0: a free port, named in <see cref="Url"/>).</summary>
        public static ImageServer Start(string folder, IPAddress address, int port, TextWriter log)
        {
            string root = Path.GetFullPath(folder);
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"no folder '{folder}'");
            }

            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
            WebApplication app = builder.Build();
            TextWriter requests = TextWriter.Synchronized(log);
            app.Use(async (context, next) =>
            {
                await next(context).ConfigureAwait(false);
                string range = context.Request.Headers.Range.ToString();
                requests.WriteLine($"{context.Request.Method} {context.Request.Path}{(range.Length > 0 ? " " + range : string.Empty)} -> {context.Response.StatusCode}"
                    + (context.Response.ContentLength is long length ? $" ({length} bytes)" : string.Empty));
            });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(root),
                ServeUnknownFileTypes = true,
                DefaultContentType = "application/octet-stream",
            });
            app.StartAsync().GetAwaiter().GetResult();
            if (port == 0)
            {
                // Port 0: the system chose a free one; the server says which.
                string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
                port = new Uri(bound).Port;
            }

            string host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            return new ImageServer(app, $"http://{host}:{port}/");
        }

        /// <summary>Serves until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
        public void WaitForShutdown() => _app.WaitForShutdown();

        public void Dispose()
        {
            _app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)_app).Dispose();
        }
    }
}
