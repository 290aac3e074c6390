package org.refugium.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.refugium.api.ApiConfig;
import org.refugium.recognition.ImageDecoder;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.server.NodeServer;
import org.refugium.web.WebConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** refugium serve: the HTTP node over the current snapshot. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serves the current snapshot over HTTP.")
final class ServeCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 serves every interface).")
  String bind;

  @Option(names = "--photo-base-url", paramLabel = "URL", defaultValue = ApiConfig.OPEN_DATA_PHOTOS,
      description = "Base URL of photo files, laid out as {URL}/{photo_id}/{size}.{extension} (default: ${DEFAULT-VALUE}).")
  String photoBaseUrl;

  @Option(names = "--photos", paramLabel = "DIR",
      description = "A local photo mirror laid out as the open-data bucket (DIR/{photo_id}/{size}.{extension}),"
          + " served under /photos; without --photo-base-url, photo URLs then point there.")
  java.nio.file.Path photos;

  @Mixin
  ModelsDirOption models;

  @Option(names = "--no-models", description = "Do not load model bundles (score_image answers 503).")
  boolean noModels;

  @Override
  public Integer call() throws Exception {
    var store = data.store();
    if (store.currentName().isEmpty()) {
      throw new FriendlyErrors.UserError("no snapshot is published in " + store.root() + ": run `refugium import` first");
    }
    if (photos != null && !java.nio.file.Files.isDirectory(photos)) {
      throw new FriendlyErrors.UserError("--photos " + photos + " is not a directory");
    }
    String base = photoBaseUrl;
    if (photos != null && base.equals(ApiConfig.OPEN_DATA_PHOTOS)) {
      base = WebConfig.PHOTOS_PATH; // root-relative: the node's own mirror, whatever host name clients use
    }
    WebConfig web = new WebConfig(new ApiConfig(base), photos);
    List<ModelBundle> bundles = noModels ? List.of() : ModelBundle.installed(models.modelsDir);
    if (bundles.isEmpty() && !noModels) {
      System.err.println("No model bundles in " + models.modelsDir.toAbsolutePath() + ": species recognition is off"
          + " (refugium models install coral-inat-birds --from DIR)");
    }
    // PyTorch reads its thread count once, at engine start: see docs/recognition.md (set by scripts/jdk.sh)
    try (Recognizer recognizer = Recognizer.load(bundles, ImageDecoder.DEFAULT_MAX_PIXELS, System.err::println);
        NodeServer server = NodeServer.start(bind, port, store, web, recognizer)) {
      System.err.printf("Serving snapshot %s on http://%s:%d/%n", store.currentName().get(), bind, server.port());
      server.join();
    }
    return 0;
  }
}
