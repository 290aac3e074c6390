package org.refugium.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.refugium.progress.Format;
import org.refugium.replication.SnapshotPuller;
import org.refugium.replication.TransferProgress;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** refugium snapshots pull URL: fetch a snapshot from another node, resumably, verify it, publish it. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = {"Downloads a packed snapshot from another node (`serve --replication-bind`) or from a URL of a"
        + " .tar that `snapshots pack` wrote, resuming where an interrupted pull stopped; then checks its signature"
        + " against keys/trusted/ and every file's sha256 before publishing it. CURRENT changes only with --use.",
        "See docs/replication.md."})
final class SnapshotsPullCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Parameters(paramLabel = "URL", description = "The other node's replication address (http://HOST:PORT/) or a"
      + " packed snapshot's URL (…/NAME.tar).")
  String url;

  @Option(names = "--name", paramLabel = "NAME", description = "Snapshot to pull (default: the source's current one).")
  String name;

  @Option(names = "--use", description = "Make the pulled snapshot current once it is verified.")
  boolean use;

  @Option(names = "--allow-unsigned", description = SnapshotsCommand.ALLOW_UNSIGNED)
  boolean allowUnsigned;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
      description = "Resume this many times in a row after a cut transfer before giving up (default: ${DEFAULT-VALUE};"
          + " what arrived is kept for the next run either way).")
  int retries;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Treat a transfer that brings no byte for this long as cut (default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Override
  public Integer call() throws Exception {
    SnapshotStore store = data.store();
    if (retries < 0 || idleSeconds < 1) {
      throw new FriendlyErrors.UserError("--retries must not be negative and --idle-timeout at least 1");
    }
    if (name != null) {
      try {
        SnapshotStore.checkName(name);
      } catch (IllegalArgumentException e) {
        throw new FriendlyErrors.UserError(e.getMessage());
      }
    }
    URI source;
    try {
      source = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new FriendlyErrors.UserError("not a URL: " + url);
    }
    SnapshotPuller.Result result;
    try {
      result = new SnapshotPuller(store, System.out, TransferProgress.onStderr())
          .pull(source, new SnapshotPuller.Options(name, allowUnsigned, retries, Duration.ofSeconds(idleSeconds)));
    } catch (SnapshotPuller.PullException e) {
      System.out.println("CURRENT is unchanged");
      throw new FriendlyErrors.UserError(e.getMessage());
    }
    if (result.alreadyHere()) {
      System.out.println("snapshot " + result.name() + " is already here; nothing pulled"
          + (use ? "" : " (refugium snapshots use " + result.name() + " to switch)"));
      if (!use) {
        return 0;
      }
      var useIt = new SnapshotsCommand.UseSnapshot();
      useIt.data = data;
      useIt.name = result.name();
      useIt.allowUnsigned = allowUnsigned;
      return useIt.call();
    }
    double mbps = result.downloadSeconds() > 0 ? result.downloadedBytes() / 1e6 / result.downloadSeconds() : 0;
    System.out.printf("pulled and verified snapshot %s: %s pack, %s downloaded in %s (%.1f MB/s)%s%n", result.name(),
        Format.bytes(result.packBytes()), Format.bytes(result.downloadedBytes()),
        Format.duration(Duration.ofMillis((long) (result.downloadSeconds() * 1000))), mbps,
        result.resumedFrom() > 0 ? ", resumed after " + Format.bytes(result.resumedFrom()) + " already here" : "");
    if (use) {
      store.setCurrent(result.name());
      System.out.println("CURRENT is now " + result.name());
    } else {
      System.out.println("CURRENT is unchanged (refugium snapshots use " + result.name() + " to switch)");
    }
    return 0;
  }
}
