package org.refugium.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.ManifestSignature;
import org.refugium.snapshot.PackLayout;
import org.refugium.snapshot.SignaturePolicy;
import org.refugium.snapshot.SnapshotStore;

/**
 * The read-only replication routes, for {@code refugium snapshots pull} on other nodes:
 * <ul>
 *   <li>{@code GET /replication/v1/snapshots}: the snapshots this node hands out (those whose signature its own
 *       policy accepts), with export date, counts, the sha256 of manifest.json, the pack's size and ETag;</li>
 *   <li>{@code GET|HEAD /replication/v1/snapshots/NAME.tar}: the packed snapshot ({@link PackLayout}, the bytes
 *       {@code snapshots pack} writes), streamed from the snapshot's own files with {@code Range} (one range) and
 *       {@code If-Range} so that an interrupted pull resumes, and a strong ETag so that it notices a change.</li>
 * </ul>
 * Nothing else is answered, no server path ever appears, and nothing can be written.
 */
final class ReplicationHandler extends Handler.Abstract {

  static final String PREFIX = "/replication/v1/snapshots";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SnapshotStore store;
  private final SignaturePolicy signatures;

  ReplicationHandler(SnapshotStore store, SignaturePolicy signatures) {
    this.store = store;
    this.signatures = signatures;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    boolean head = HttpMethod.HEAD.is(method);
    if (!HttpMethod.GET.is(method) && !head) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      return error(response, callback, 405, "the replication routes are read-only (GET, HEAD)");
    }
    if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
      return json(response, callback, 200, listing(), head);
    }
    if (path.startsWith(PREFIX + "/") && path.endsWith(".tar")) {
      String name = path.substring(PREFIX.length() + 1, path.length() - ".tar".length());
      return download(name, request, response, callback, head);
    }
    return error(response, callback, 404, "not a replication route: GET " + PREFIX + " lists the snapshots");
  }

  /** The snapshots handed out, newest name last; those the policy refuses are named with the reason. */
  private Map<String, Object> listing() throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    List<Map<String, Object>> withheld = new ArrayList<>();
    for (String name : store.list()) {
      var dir = store.dir(name);
      var verdict = signatures.check(dir);
      if (!verdict.accepted()) {
        withheld.add(Map.of("name", name, "reason", verdict.message()));
        continue;
      }
      byte[] manifestBytes = Files.readAllBytes(dir.resolve(Manifest.FILE_NAME));
      Manifest manifest = Manifest.read(dir.resolve(Manifest.FILE_NAME));
      PackLayout layout = PackLayout.of(dir);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", name);
      s.put("export_date", manifest.exportDate());
      s.put("finished_at", manifest.finishedAt() == null ? null : manifest.finishedAt().toString());
      s.put("counts", manifest.counts());
      s.put("files", manifest.files() == null ? 0 : manifest.files().size());
      s.put("manifest_sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifestBytes)));
      s.put("signed_by", ManifestSignature.read(dir) instanceof ManifestSignature.Present p ? p.sig().signer() : null);
      s.put("pack_bytes", layout.length());
      s.put("pack_etag", layout.etag());
      s.put("url", PREFIX + "/" + name + ".tar");
      out.add(s);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("current", store.currentName().orElse(null));
    body.put("snapshots", out);
    body.put("withheld", withheld);
    return body;
  }

  private boolean download(String name, Request request, Response response, Callback callback, boolean head)
      throws IOException {
    try {
      SnapshotStore.checkName(name);
    } catch (IllegalArgumentException e) {
      return error(response, callback, 404, "no snapshot by that name here");
    }
    var dir = store.dir(name);
    if (!Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
      return error(response, callback, 404, "no snapshot named " + name + " here");
    }
    var verdict = signatures.check(dir);
    if (!verdict.accepted()) {
      return error(response, callback, 404, "snapshot " + name + " is not handed out: " + verdict.message());
    }
    PackLayout layout = PackLayout.of(dir);
    long length = layout.length();
    String etag = "\"" + layout.etag() + "\"";
    var headers = response.getHeaders();
    headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
    headers.put(HttpHeader.ETAG, etag);
    headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
    long from = 0;
    long to = length;
    String range = request.getHeaders().get(HttpHeader.RANGE);
    String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      long[] r = parseRange(range, length);
      if (r != null && r[0] >= length) {
        headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + length);
        return error(response, callback, 416, "range starts at or past the end (" + length + " bytes)");
      }
      if (r != null) {
        from = r[0];
        to = r[1];
        response.setStatus(206);
        headers.put(HttpHeader.CONTENT_RANGE, "bytes " + from + "-" + (to - 1) + "/" + length);
      }
    }
    if (response.getStatus() != 206) {
      response.setStatus(200);
    }
    headers.put(HttpHeader.CONTENT_TYPE, "application/x-tar");
    headers.put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".tar\"");
    headers.put(HttpHeader.CONTENT_LENGTH, to - from);
    if (head) {
      callback.succeeded();
      return true;
    }
    try {
      // each buffer goes to the socket as it is (a direct buffer for file bytes) and is reused once written
      layout.write(bytes -> {
        try (Blocker.Callback written = Blocker.callback()) {
          response.write(false, bytes, written);
          written.block();
        }
      }, from, to);
    } catch (IOException | RuntimeException e) {
      callback.failed(e); // the client went away, or a file changed under us: the connection is cut, never padded
      return true;
    }
    response.write(true, ByteBuffer.allocate(0), callback);
    return true;
  }

  /**
   * One {@code bytes=} range as [from, to) clipped to the length; null for a header to ignore (several ranges,
   * a malformed one: RFC 9110 lets a server answer those with the whole representation). A start at or past the
   * end comes back as is, for a 416.
   */
  static long[] parseRange(String header, long length) {
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) { // the last N bytes
        long n = Long.parseLong(b);
        return n <= 0 ? null : new long[] {Math.max(0, length - n), length};
      }
      long from = Long.parseLong(a);
      long to = b.isEmpty() ? length : Math.min(length, Long.parseLong(b) + 1);
      if (from < 0 || (from < length && to <= from)) {
        return null;
      }
      return new long[] {from, Math.max(from, to)};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean json(Response response, Callback callback, int status, Object body, boolean head)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    return true;
  }

  private static boolean error(Response response, Callback callback, int status, String message) {
    String text = message.length() > 300 ? message.substring(0, 300) + "…" : message;
    byte[] bytes = ("{\"error\":\"" + JsonErrorHandler.escape(text) + "\",\"status\":" + status + "}")
        .getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }
}
