package org.refugium.web;

import java.io.IOException;
import org.glassfish.jersey.server.ResourceConfig;
import org.refugium.api.Endpoints;

/** Registers the web pages, their assets, the photo mirror, the exports and the security headers. */
public final class WebApp {

  private WebApp() {}

  public static void register(ResourceConfig app, Endpoints endpoints, WebConfig config) throws IOException {
    PhotoFiles files = config.photoDir() == null ? null : new PhotoFiles(config.photoDir());
    WebContext web = new WebContext(endpoints, config, files);
    app.register(new SecurityHeaders())
        .register(new PagesResource(web))
        .register(new ExportResource(web))
        .register(new AssetsResource())
        .register(new PhotosResource(files));
  }
}
