package org.refugium.web;

import java.io.IOException;
import org.glassfish.jersey.server.ResourceConfig;
import org.refugium.api.Endpoints;
import org.refugium.photos.PhotoPresence;

/** Registers the web pages (the identify page too), their assets, the photo mirror, the exports and the security headers. */
public final class WebApp {

  private WebApp() {}

  public static void register(ResourceConfig app, Endpoints endpoints, WebConfig config) throws IOException {
    register(app, endpoints, config, WebRecognition.none());
  }

  /** With the node's recognizer, for the identify page. */
  public static void register(ResourceConfig app, Endpoints endpoints, WebConfig config, WebRecognition recognition)
      throws IOException {
    register(app, endpoints, config, recognition, NodeStatus.startedNow());
  }

  /** With the node's status (ok/degraded, serving since, last verification) for the about page. */
  public static void register(ResourceConfig app, Endpoints endpoints, WebConfig config, WebRecognition recognition,
      NodeStatus status) throws IOException {
    org.refugium.geo.GeoLayers.preload(); // the map layers take seconds to read: not on the first taxon page's time
    PhotoPresence presence = config.photos() == null ? null : new PhotoPresence(config.photos());
    WebContext web = new WebContext(endpoints, config, presence);
    app.register(new SecurityHeaders())
        .register(new PagesResource(web, recognition, status))
        .register(new HtmlNotFound(web))
        .register(new IdentifyResource(web, recognition))
        .register(new ExportResource(web))
        .register(new AssetsResource())
        .register(new MapLayersResource())
        .register(new PhotosResource(presence));
  }
}
