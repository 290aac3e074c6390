package org.refugium.recognition;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes uploads (JPEG, PNG, BMP, GIF: whatever ImageIO reads) to upright 8-bit RGB.
 *
 * <p>Beyond plain ImageIO: the pixel count is checked from the header before any pixel is
 * decoded (decompression bombs); decoder warnings such as "Premature end of JPEG file" are
 * errors, since ImageIO otherwise returns a half-grey picture for a truncated file; CMYK/YCCK
 * JPEGs are read as raw rasters and converted here; grey images are replicated to RGB without
 * Java2D's linear-grey gamma shift; and the EXIF orientation is applied.
 */
public final class ImageDecoder {

  /** 50 megapixels: well above any camera upload, far below what would exhaust the heap. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  private final long maxPixels;

  /** Progressive JPEGs from cameras and editors have about 10 scans; libjpeg's own tools offer a cap too. */
  static final int MAX_SCANS = 100;

  /** Scans times pixels: 12 full passes over a 50-megapixel image, ~50 over a phone's 12 megapixels. */
  static final long MAX_SCAN_PIXELS = 600_000_000L;

  /** A decode still running after this is aborted (ImageReader.abort, checked by the reader as it goes). */
  static final long DECODE_DEADLINE_SECONDS = 10;

  private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-decode-deadline");
        t.setDaemon(true);
        return t;
      });

  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  public ImageDecoder(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  public BufferedImage decode(Path file) throws IOException, UnreadableImageException {
    return decode(Files.readAllBytes(file));
  }

  /** An upright TYPE_INT_RGB image. */
  public BufferedImage decode(byte[] data) throws UnreadableImageException {
    if (data.length == 0) {
      throw new UnreadableImageException("empty file");
    }
    // In memory: ImageIO.createImageInputStream would spill to a temp file cache.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnreadableImageException("not an image in a supported format (JPEG, PNG, BMP)");
      }
      ImageReader reader = readers.next();
      try {
        return decode(reader, in, data);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data as IIOException, but also as IndexOutOfBounds & co.
      throw new UnreadableImageException("corrupt or truncated image: " + e.getMessage(), e);
    }
  }

  private BufferedImage decode(ImageReader reader, ImageInputStream in, byte[] data)
      throws IOException, UnreadableImageException {
    reader.setInput(in, true, true);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    long width = reader.getWidth(0);
    long height = reader.getHeight(0);
    if (width <= 0 || height <= 0) {
      throw new UnreadableImageException("image has no pixels");
    }
    if (width * height > maxPixels) {
      throw new UnreadableImageException("image is " + width + "x" + height + ", over the limit of "
          + maxPixels / 1_000_000 + " megapixels", true, null);
    }
    JpegHeader jpeg = JpegHeader.NONE;
    if (JpegHeader.isJpeg(data)) {
      jpeg = JpegHeader.scan(data);
      int scans = JpegHeader.countScans(data);
      if (scans > MAX_SCANS || (long) scans * width * height > MAX_SCAN_PIXELS) {
        throw new UnreadableImageException("JPEG with " + scans + " scans at " + width + "x" + height
            + ": more decoding work than any camera's file needs (at most " + MAX_SCANS + " scans, and fewer for"
            + " larger images); save it again as a baseline JPEG");
      }
    }
    BufferedImage rgb;
    // the scan bound caps JPEG's work; the deadline covers what no header tells (other formats, odd files)
    var deadline = WATCHDOG.schedule(reader::abort, DECODE_DEADLINE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    try {
      if (jpeg.components() == 4) {
        rgb = Cmyk.toRgb(reader.readRaster(0, null), jpeg);
      } else {
        rgb = toIntRgb(reader.read(0, intRgbIfOffered(reader)));
      }
    } catch (IOException | RuntimeException e) {
      throwIfAborted(deadline); // an aborted read ends in whatever the reader makes of it: say why
      throw e;
    } finally {
      deadline.cancel(false);
    }
    throwIfAborted(deadline);
    if (!warnings.isEmpty()) {
      throw new UnreadableImageException("corrupt or truncated image: " + warnings.get(0));
    }
    return Orientation.apply(rgb, jpeg.orientation());
  }

  private static void throwIfAborted(java.util.concurrent.ScheduledFuture<?> deadline)
      throws UnreadableImageException {
    if (deadline.isDone() && !deadline.isCancelled()) {
      throw new UnreadableImageException("decoding took longer than " + DECODE_DEADLINE_SECONDS
          + " s and was stopped: the file is built to cost far more work than its size suggests");
    }
  }

  /** Decode straight into TYPE_INT_RGB when the reader offers it (JPEG does): no second copy. */
  private static ImageReadParam intRgbIfOffered(ImageReader reader) throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
      ImageTypeSpecifier type = it.next();
      if (type.getBufferedImageType() == BufferedImage.TYPE_INT_RGB) {
        param.setDestinationType(type);
        break;
      }
    }
    return param;
  }

  /** Any decoded image as TYPE_INT_RGB; transparency is composited over white. */
  public static BufferedImage toIntRgb(BufferedImage img) {
    if (img.getType() == BufferedImage.TYPE_INT_RGB) {
      return img;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Raster raster = img.getRaster();
    if (raster.getNumBands() == 1 && img.getColorModel().getPixelSize() == 8
        && img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) {
      // Copy grey samples as they are; ColorModel.getRGB would treat them as linear light.
      int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int g = row[x] & 0xff;
          px[y * w + x] = g << 16 | g << 8 | g;
        }
      }
      return out;
    }
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(img, 0, 0, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
